using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// <c>audit verify</c>: walks the stored chain with the same storage settings the gateway uses and prints
/// "audit chain intact: N records" (exit 0) or "first broken link at seq N: reason" (exit 1).
/// Settings can be overridden on the command line, e.g. <c>--Audit:ConnectionString=...</c>.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Task<int> RunAsync(string[] args, IConfiguration configuration) =>
        RunAsync(args, configuration, Console.Out, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = AuditOptions.FromConfiguration(configuration);
        var validation = new AuditOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            await output.WriteLineAsync($"audit verification failed: {validation.FailureMessage}");
            return 1;
        }

        try
        {
            await using var store = AuditStores.Create(options, readOnly: true);
            if (!await store.ExistsAsync(cancellationToken))
            {
                await output.WriteLineAsync(new AuditVerification(true, 0, null, null).Message);
                return 0;
            }

            var result = await AuditVerification.VerifyAsync(store.ReadAllAsync(cancellationToken), cancellationToken);
            await output.WriteLineAsync(result.Message);
            return result.Intact ? 0 : 1;
        }
        catch (DbException ex)
        {
            // The provider's message names the database problem, not any audited data.
            await output.WriteLineAsync($"audit verification failed: the audit store could not be read ({ex.Message})");
            return 1;
        }
    }
}
