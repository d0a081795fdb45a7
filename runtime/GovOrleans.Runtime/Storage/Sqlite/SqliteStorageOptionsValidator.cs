using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Storage.Sqlite;

/// <summary>Validates every named <see cref="SqliteStorageOptions"/>, reporting all failures at once.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        var what = $"SQLite grain storage '{name}'";
        var failures = new List<string>();
        ConnectionOptionRules.CheckSqlite(what, options.ConnectionString, failures);
        ConnectionOptionRules.CheckServiceId(what, options.ServiceId, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
