using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// <c>audit verify</c>: walks the stored chain with the same storage settings the gateway uses and prints
/// "audit chain intact: N records" (exit 0) or "first broken link at seq N: reason" (exit 1). With
/// <c>Audit:CheckpointFile</c> and <c>Audit:CheckpointKey</c> set it also checks the signed checkpoints, which reveal a
/// removed tail or a chain rebuilt with recomputed hashes.
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
            // Checkpoints, when configured, are the evidence against a removed tail or a rebuilt chain.
            var checkpoints = options.CheckpointsEnabled
                ? new AuditCheckpointFile(options.CheckpointFile!, options.CheckpointKeyBytes()!)
                : null;
            await using var store = AuditStores.Create(options, readOnly: true);
            var records = await store.ExistsAsync(cancellationToken)
                ? store.ReadAllAsync(cancellationToken)
                : AsyncEnumerable.Empty<AuditRecord>();
            var result = checkpoints is null
                ? await AuditVerification.VerifyAsync(records, cancellationToken)
                : await checkpoints.VerifyChainAsync(records, cancellationToken);
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
