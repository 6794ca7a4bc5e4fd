using Microsoft.Extensions.Options;

namespace OrleansCache.Cluster;

/// <summary>Refuses a membership provider this product does not ship, and AdoNet membership without a usable PostgreSQL connection string.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        if (string.IsNullOrEmpty(options.ProviderType))
        {
            return options.Invariant is null && options.ConnectionString is null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{MembershipOptions.Section}:ProviderType must be '{MembershipOptions.AdoNet}' when {MembershipOptions.Section} has other settings (leave the section out for localhost clustering).");
        }

        if (!options.IsAdoNet)
        {
            return ValidateOptionsResult.Fail(
                $"{MembershipOptions.Section}:ProviderType must be '{MembershipOptions.AdoNet}' (was '{options.ProviderType}'); leave it out for localhost clustering on one machine.");
        }

        if (options.Invariant is { } invariant && !string.Equals(invariant, MembershipOptions.Npgsql, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                $"{MembershipOptions.Section}:Invariant must be '{MembershipOptions.Npgsql}' (was '{invariant}'): the membership queries are written for PostgreSQL.");
        }

        return PostgresConnectionString.Validate(options.ConnectionString, $"{MembershipOptions.Section}:ConnectionString");
    }
}
