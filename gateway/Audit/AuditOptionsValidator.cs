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

        if (options.CheckpointsEnabled && options.CheckpointKeyBytes() is not { Length: >= 32 })
        {
            failures.Add($"{AuditOptions.SectionName}:CheckpointKey must be a base64 key of at least 32 bytes when {AuditOptions.SectionName}:CheckpointFile is set.");
        }

        if (!options.CheckpointsEnabled && !string.IsNullOrWhiteSpace(options.CheckpointKey))
        {
            failures.Add($"{AuditOptions.SectionName}:CheckpointKey is set but {AuditOptions.SectionName}:CheckpointFile is not; set both to sign checkpoints.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
