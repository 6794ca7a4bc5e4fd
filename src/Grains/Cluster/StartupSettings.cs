using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansCache.Cluster;

/// <summary>
/// Settings a host needs while it is being composed (before its service provider exists): bound from their section
/// and checked by the same validator that checks them later, collecting every failure as one line naming its key.
/// </summary>
public sealed class StartupSettings(IConfiguration configuration)
{
    private readonly List<string> _failures = [];

    /// <summary>Every failure so far, each one line that names its key.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/> and validates it with <paramref name="validator"/>.</summary>
    public T Bind<T>(string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(validator);
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type: "Failed to convert configuration value at 'Orleans:SiloPort' to type 'System.Int32'."
            _failures.Add(ex.Message);
            return new T();
        }

        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            _failures.AddRange(result.Failures);
        }

        return options;
    }

    /// <summary>Adds a failure found by a rule across sections.</summary>
    public void Refuse(string? failure)
    {
        if (failure is not null)
        {
            _failures.Add(failure);
        }
    }
}
