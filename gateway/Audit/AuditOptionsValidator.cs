using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>Checks the resolved provider settings, reporting every failure at once.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (!options.IsSqlite && !options.IsPostgres)
        {
            failures.Add($"{AuditOptions.SectionName}:Provider (or {AuditOptions.PlatformProviderKey}) must be '{AuditOptions.SqliteProvider}' or '{AuditOptions.PostgresProvider}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{AuditOptions.SectionName}:ConnectionString (or {AuditOptions.PlatformConnectionStringKey}) is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
