using System.Collections.Immutable;
using System.Net.Mail;
using System.Text.RegularExpressions;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Citizens;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Grains.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace GovOrleans.Grains.Citizens;

/// <summary>A citizen: profile, own cases and the notification inbox, fed by case events.</summary>
[PersonalDataKey]
public sealed partial class CitizenGrain(
    [PersistentState("citizen")] IPersistentState<CitizenState> state,
    ILogger<CitizenGrain> logger) : Grain, ICitizenGrain
{
    private const int MaxInbox = 200;
    private const int MaxAppliedEventIds = 2000;

    // The same bound as the inbox: every update is part of each state write, so the history cannot grow without limit. A
    // stream that missed more than this gets a reset and re-reads the cases instead.
    private const int MaxRecentUpdates = 200;
    private static readonly HashSet<string> s_channels = ["email", "sms", "post", "inbox"];

    public Task<CitizenProfile> GetProfileAsync(Actor actor)
    {
        RequireSelfOrOperator(actor);
        return Task.FromResult(ToProfile());
    }

    public async Task<CitizenProfile> UpdateProfileAsync(CitizenProfileUpdate update, int? expectedVersion, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(update);
        RequireSelfOrOperator(actor);
        if (expectedVersion is { } expected && expected != state.State.Version)
        {
            throw new ConflictException("The profile has changed since it was read.", isPreconditionFailure: true, currentVersion: state.State.Version);
        }

        var errors = Validate(update);
        if (errors.Count > 0)
        {
            throw new RuleViolationException("The profile is invalid.", [.. errors]);
        }

        var current = state.State;
        current.DisplayName = update.DisplayName.Trim();
        current.Email = string.IsNullOrWhiteSpace(update.Email) ? null : update.Email.Trim();
        current.Phone = string.IsNullOrWhiteSpace(update.Phone) ? null : update.Phone.Trim();
        current.PreferredChannels = update.PreferredChannels.IsDefault ? [] : [.. update.PreferredChannels];
        current.ConsentToNotifications = update.ConsentToNotifications;
        current.Version++;
        await state.WriteStateAsync();
        LogProfileUpdated(logger, current.Version);
        return ToProfile();
    }

    public Task<ImmutableArray<string>> GetCaseIdsAsync(Actor actor)
    {
        RequireSelfOrOperator(actor);
        return Task.FromResult(state.State.CaseIds.AsEnumerable().Reverse().ToImmutableArray());
    }

    public Task<ImmutableArray<Notification>> GetInboxAsync(Actor actor)
    {
        RequireSelfOrOperator(actor);
        return Task.FromResult(state.State.Inbox.AsEnumerable().Reverse().ToImmutableArray());
    }

    public Task<CitizenUpdateReplay> GetUpdatesAfterAsync(Guid lastEventId, Actor actor)
    {
        RequireSelf(actor);
        var updates = state.State.RecentUpdates;
        Guid? latest = updates.Count == 0 ? null : updates[^1].EventId;
        var index = updates.FindLastIndex(u => u.EventId == lastEventId);
        return Task.FromResult(index < 0
            ? new CitizenUpdateReplay(false, [], latest)
            : new CitizenUpdateReplay(true, [.. updates.Skip(index + 1)], latest));
    }

    public async Task OnCaseEventAsync(CaseEvent caseEvent)
    {
        ArgumentNullException.ThrowIfNull(caseEvent);
        var current = state.State;
        if (current.AppliedEventIds.Contains(caseEvent.EventId))
        {
            return;
        }

        if (!current.CaseIds.Contains(caseEvent.CaseId, StringComparer.Ordinal))
        {
            current.CaseIds.Add(caseEvent.CaseId);
        }

        if (MessageFor(caseEvent) is { } message)
        {
            current.Inbox.Add(new Notification(caseEvent.EventId, caseEvent.CaseId, message, caseEvent.At));
            Trim(current.Inbox, MaxInbox);
        }

        current.RecentUpdates.Add(CitizenCaseUpdate.From(caseEvent));
        Trim(current.RecentUpdates, MaxRecentUpdates);
        current.AppliedEventIds.Add(caseEvent.EventId);
        Trim(current.AppliedEventIds, MaxAppliedEventIds);
        await state.WriteStateAsync();
        LogEventApplied(logger, caseEvent.CaseId, caseEvent.Version);
    }

    private void RequireSelfOrOperator(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ActorAccess.IsOperator(actor) || ActorAccess.IsCitizen(actor, GetPrimaryKeyString()))
        {
            return;
        }

        throw ActorAccess.IsOnlyCitizen(actor)
            ? new NotFoundException("No such citizen.")
            : new ForbiddenException("Only the citizen and operators may read a citizen record.");
    }

    // Operators may read the record, but the update history feeds the citizen's own event stream and nothing else.
    private void RequireSelf(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ActorAccess.IsCitizen(actor, GetPrimaryKeyString()))
        {
            return;
        }

        throw ActorAccess.IsOnlyCitizen(actor)
            ? new NotFoundException("No such citizen.")
            : new ForbiddenException("Only the citizen may read their case updates.");
    }

    private static string? MessageFor(CaseEvent e) => e.Type switch
    {
        CaseEventType.CaseSubmitted => "Your application has been received.",
        CaseEventType.StatusChanged => $"The status of your case is now: {e.CitizenStatusTitle}.",
        CaseEventType.Suspended => "Handling of your case is on hold.",
        CaseEventType.Resumed => "Handling of your case has resumed.",
        CaseEventType.Extended => "The decision deadline of your case was extended.",
        CaseEventType.Closed => "Your case has been closed.",
        _ => null,
    };

    private static List<FieldError> Validate(CitizenProfileUpdate update)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(update.DisplayName) || update.DisplayName.Length > 200)
        {
            errors.Add(new("displayName", "A name of 1 to 200 characters is required."));
        }

        if (!string.IsNullOrWhiteSpace(update.Email) && !IsEmail(update.Email.Trim()))
        {
            errors.Add(new("email", "Must be an e-mail address."));
        }

        if (!string.IsNullOrWhiteSpace(update.Phone) && !Phone().IsMatch(update.Phone.Trim()))
        {
            errors.Add(new("phone", "Must be a phone number of 6 to 20 digits, optionally starting with +."));
        }

        var channels = update.PreferredChannels.IsDefault ? [] : update.PreferredChannels;
        if (channels.Any(c => !s_channels.Contains(c ?? string.Empty)) || channels.Distinct().Count() != channels.Length)
        {
            errors.Add(new("preferredChannels", "Channels are email, sms, post and inbox, each at most once."));
        }

        return errors;
    }

    internal static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);

    private static void Trim<T>(List<T> list, int max)
    {
        if (list.Count > max)
        {
            list.RemoveRange(0, list.Count - max);
        }
    }

    private CitizenProfile ToProfile()
    {
        var current = state.State;
        return new CitizenProfile(
            GetPrimaryKeyString(), current.DisplayName, current.Email, current.Phone, [.. current.PreferredChannels],
            current.ConsentToNotifications, current.Version);
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{5,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    // The grain key is the citizen's token subject, which may be a national identifier: it stays out of logs.
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "A citizen updated their profile (version {Version})")]
    private static partial void LogProfileUpdated(ILogger logger, int version);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "A citizen record applied an event of case {CaseId} version {Version}")]
    private static partial void LogEventApplied(ILogger logger, string caseId, int version);
}
