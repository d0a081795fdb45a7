using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Membership.Sqlite;

/// <summary>Validates <see cref="SqliteClusteringOptions"/>, reporting all failures at once.</summary>
internal sealed class SqliteClusteringOptionsValidator : IValidateOptions<SqliteClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteClusteringOptions options)
    {
        var failures = new List<string>();
        ConnectionOptionRules.CheckSqlite("SQLite clustering", options.ConnectionString, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
