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
            IReadOnlyList<AuditCheckpoint>? checkpoints = null;
            var fileMissing = false;
            if (options.CheckpointsEnabled)
            {
                var file = new AuditCheckpointFile(options.CheckpointFile!, options.CheckpointKeyBytes()!);
                var (read, problem) = await file.ReadAsync(mustExist: false, cancellationToken);
                if (problem is not null)
                {
                    await output.WriteLineAsync(AuditVerification.CheckpointsUnusable(problem).Message);
                    return 1;
                }

                checkpoints = read;
                fileMissing = !File.Exists(options.CheckpointFile);
            }

            await using var store = AuditStores.Create(options, readOnly: true);
            if (!await store.ExistsAsync(cancellationToken))
            {
                // No table: an empty chain, which only checkpoints can show to be a deleted one.
                var empty = await AuditVerification.VerifyAsync(AsyncEnumerable.Empty<AuditRecord>(), checkpoints, cancellationToken);
                await output.WriteLineAsync(empty.Message);
                return empty.Intact ? 0 : 1;
            }

            var result = await AuditVerification.VerifyAsync(store.ReadAllAsync(cancellationToken), checkpoints, cancellationToken);
            if (result.Intact && fileMissing && result.RecordCount > 0)
            {
                // A gateway writes its first checkpoint within one interval of its first record, and on every stop; a
                // chain with records and no checkpoint file means the file was lost or removed: the evidence is gone.
                result = AuditVerification.CheckpointsUnusable(
                    $"the checkpoint file {options.CheckpointFile} does not exist, but the chain has {result.RecordCount} records");
            }

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
