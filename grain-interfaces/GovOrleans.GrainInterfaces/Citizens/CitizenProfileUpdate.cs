using System.Collections.Immutable;

namespace GovOrleans.GrainInterfaces.Citizens;

/// <summary>A change to a citizen's profile.</summary>
public sealed record CitizenProfileUpdate(string DisplayName, string? Email, string? Phone, ImmutableArray<string> PreferredChannels, bool ConsentToNotifications);
