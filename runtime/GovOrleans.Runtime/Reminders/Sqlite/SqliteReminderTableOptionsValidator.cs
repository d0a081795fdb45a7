using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Reminders.Sqlite;

/// <summary>Validates <see cref="SqliteReminderTableOptions"/>, reporting all failures at once.</summary>
internal sealed class SqliteReminderTableOptionsValidator : IValidateOptions<SqliteReminderTableOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteReminderTableOptions options)
    {
        const string What = "SQLite reminder table";
        var failures = new List<string>();
        ConnectionOptionRules.CheckSqlite(What, options.ConnectionString, failures);
        ConnectionOptionRules.CheckServiceId(What, options.ServiceId, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
