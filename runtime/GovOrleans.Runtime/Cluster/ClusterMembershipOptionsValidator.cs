using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Cluster;

/// <summary>Checks that a lease can be renewed before its silo fences itself.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        if (options.FenceMargin >= options.LeaseDuration)
        {
            return ValidateOptionsResult.Fail("Silo:Membership:FenceMargin must be shorter than LeaseDuration.");
        }

        if (options.HeartbeatPeriod * 2 > options.LeaseDuration - options.FenceMargin)
        {
            return ValidateOptionsResult.Fail(
                "Silo:Membership:HeartbeatPeriod must fit at least twice into LeaseDuration minus FenceMargin, or one slow write fences the silo.");
        }

        return ValidateOptionsResult.Success;
    }
}
