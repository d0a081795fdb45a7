using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.GrainDirectory;
using GovOrleans.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Runtime.Cluster;

/// <summary>
/// Registers activations in the cluster's grain directory before they run any grain code, so that a grain has at most
/// one activation in the cluster; a lost registration turns into a redirect to the winner.
/// </summary>
internal sealed partial class ActivationRegistrar(IGrainDirectoryTable table, ClusterMembership membership, ILogger<ActivationRegistrar> logger)
{
    public bool AcceptsActivations => membership.AcceptsActivations;

    public SiloAddress? Self => membership.Self;

    /// <summary>Returns when this activation owns the grain; throws <see cref="GrainRedirectException"/> when another does.</summary>
    public async Task RegisterAsync(GrainId grainId, Guid activationId, CancellationToken cancellationToken)
    {
        var self = membership.Self ?? throw new GrainRedirectException(grainId, null, "the silo has not joined the cluster");
        var mine = new GrainAddress(grainId, self, activationId);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (!membership.AcceptsActivations)
            {
                throw new GrainRedirectException(grainId, null, "the silo takes no new activations", self);
            }

            var winner = await table.RegisterAsync(mine, cancellationToken).ConfigureAwait(false);
            if (winner is null)
            {
                throw new GrainRedirectException(grainId, null, "the directory refused: this silo is not active", self);
            }

            if (winner.Value == mine)
            {
                return;
            }

            if (winner.Value.Silo != self)
            {
                throw new GrainRedirectException(grainId, winner.Value.Silo, $"the grain is active on {winner.Value.Silo}", self);
            }

            // Our own earlier activation left a row behind (its unregister failed); it no longer exists, so remove it.
            LogStaleRegistration(logger, grainId);
            await table.UnregisterAsync(winner.Value, cancellationToken).ConfigureAwait(false);
        }

        throw new GrainRedirectException(grainId, null, "the registration kept changing", self);
    }

    public async Task UnregisterAsync(GrainId grainId, Guid activationId)
    {
        if (membership.Self is not { } self)
        {
            return;
        }

        try
        {
            await table.UnregisterAsync(new GrainAddress(grainId, self, activationId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The row stays until this silo re-registers the grain (it cleans its own stale rows) or is declared dead.
            LogUnregisterFailed(logger, ex, grainId);
        }
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Removing a stale directory row of {GrainId} left by an earlier activation on this silo")]
    private static partial void LogStaleRegistration(ILogger logger, Diagnostics.GrainLogId grainId);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Could not unregister {GrainId} from the grain directory")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, Diagnostics.GrainLogId grainId);
}
