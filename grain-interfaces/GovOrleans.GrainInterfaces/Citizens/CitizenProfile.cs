using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>A citizen's profile and contact preferences.</summary>
/// <param name="Id">The citizen id (the token subject).</param>
/// <param name="DisplayName">How the citizen is addressed.</param>
/// <param name="Email">E-mail contact channel, if given.</param>
/// <param name="Phone">Phone contact channel, if given.</param>
/// <param name="PreferredChannels">Channels for notifications, any of <c>email</c>, <c>sms</c>, <c>portal</c>.</param>
/// <param name="ConsentToNotifications">Whether the citizen agreed to be notified outside the portal.</param>
/// <param name="Version">Increases with every change.</param>
public sealed record CitizenProfile(
    string Id,
    string DisplayName,
    string? Email,
    string? Phone,
    ImmutableArray<string> PreferredChannels,
    bool ConsentToNotifications,
    int Version);
