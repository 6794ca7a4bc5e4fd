using System.Globalization;

namespace OrleansCache.Measure;

/// <summary>The command line: a command, then <c>--name value</c> options.</summary>
internal sealed class Settings
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private Settings(string command) => Command = command;

    public string Command { get; }

    public static Settings Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("missing command");
        }

        var settings = new Settings(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                settings._values[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                settings._values[arg[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option '{arg}' needs a value");
            }
        }

        return settings;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Time(string name, TimeSpan fallback) =>
        _values.TryGetValue(name, out var text) ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var text) ? text : fallback;

    public int[] Ints(string name, int[] fallback) =>
        _values.TryGetValue(name, out var text)
            ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => int.Parse(t.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))]
            : fallback;

    public Ports Ports => new(
        Int("silo-port", 11311),
        Int("gateway-port", 30200),
        Int("dashboard-port", 8281),
        Int("frontend-port", 5280));
}
