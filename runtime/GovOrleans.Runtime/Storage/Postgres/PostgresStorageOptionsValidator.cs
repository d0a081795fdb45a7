using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Storage.Postgres;

/// <summary>Validates every named <see cref="PostgresStorageOptions"/>, reporting all failures at once.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var what = $"PostgreSQL grain storage '{name}'";
        var failures = new List<string>();
        ConnectionOptionRules.CheckPostgres(what, options.ConnectionString, failures);
        ConnectionOptionRules.CheckServiceId(what, options.ServiceId, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
