using GovOrleans.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Membership.Postgres;

/// <summary>Validates <see cref="PostgresClusteringOptions"/>, reporting all failures at once.</summary>
internal sealed class PostgresClusteringOptionsValidator : IValidateOptions<PostgresClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusteringOptions options)
    {
        var failures = new List<string>();
        ConnectionOptionRules.CheckPostgres("PostgreSQL clustering", options.ConnectionString, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
