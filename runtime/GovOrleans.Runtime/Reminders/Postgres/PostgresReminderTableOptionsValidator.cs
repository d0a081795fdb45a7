using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Reminders.Postgres;

/// <summary>Validates <see cref="PostgresReminderTableOptions"/>, reporting all failures at once.</summary>
internal sealed class PostgresReminderTableOptionsValidator : IValidateOptions<PostgresReminderTableOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresReminderTableOptions options)
    {
        const string What = "PostgreSQL reminder table";
        var failures = new List<string>();
        ConnectionOptionRules.CheckPostgres(What, options.ConnectionString, failures);
        ConnectionOptionRules.CheckServiceId(What, options.ServiceId, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
