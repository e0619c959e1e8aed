using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>
/// Who may manage which partner client (OAuth2 client credentials of an <c>api-client</c>), what a
/// valid client is, and the shape of its id. Refusals name <see cref="AccountRules.Rule"/>, as staff
/// accounts' do: the rulebook has no rule for either.
/// </summary>
public static partial class ClientRules
{
    public const string Rule = AccountRules.Rule;

    /// <summary>Who manages clients: a GM at their venue, an operator at the venues they are granted.</summary>
    public static readonly string[] Managers = AccountRules.Managers;

    private const string IdPrefix = "pc-";

    [GeneratedRegex("^pc-[0-9a-f]{20}$")]
    private static partial Regex IdPattern();

    /// <summary>A client id as the server makes them: "pc-" and 20 lowercase hex digits.</summary>
    public static bool IsClientId([NotNullWhen(true)] string? clientId) => clientId is not null && IdPattern().IsMatch(clientId);

    /// <summary>A new client id of 80 random bits, so that ids are neither guessable nor counted.</summary>
    public static string NewClientId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>
    /// The key of the client's changes in a venue's history, beside staff logins: a login holds no '/',
    /// so no staff account can share a client's key and have its changes taken for already recorded.
    /// </summary>
    public static string VenueHistoryKey(string clientId) => "client/" + clientId;

    /// <summary>The field errors of a new client made at a venue.</summary>
    public static List<FieldError> CheckDraft(ApiClientDraft draft, string venueId)
    {
        var errors = new List<FieldError>();
        Limits.CheckText(errors, "name", draft.Name, Limits.Name, Rule, "the partner's name");
        if (Limits.HasControlCharacters(draft.Name))
        {
            errors.Add(new("name", "Must not contain control characters.", Rule));
        }

        var venues = draft.Venues ?? [venueId];
        if (venues.Count is 0 or > Limits.AccountVenues
            || venues.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > Limits.Id || Limits.HasControlCharacters(v)))
        {
            errors.Add(new("venues", $"1 to {Limits.AccountVenues} venue ids of at most {Limits.Id} characters.", Rule));
        }
        else if (venues.Contains(Actor.AllVenues))
        {
            errors.Add(new("venues", "A partner client is granted venues by id, never every venue ('*').", Rule));
        }
        else if (!venues.Contains(venueId))
        {
            errors.Add(new("venues", $"Must include the venue '{venueId}' the client is made at.", Rule));
        }

        return errors;
    }

    /// <summary>
    /// A GM creates clients granted exactly their venue; an operator creates clients granted venues
    /// they are granted themselves.
    /// </summary>
    public static Refusal? MayCreate(Actor actor, string venueId, ApiClientDraft draft) =>
        Access.Require(actor, venueId, Rule, Managers) ?? GrantLimits(actor, venueId, draft.Venues ?? [venueId]);

    /// <summary>Whether the actor manages an existing client at this venue; a client not listed there is not found.</summary>
    public static Refusal? MayManage(Actor actor, string venueId, ApiClient? client) =>
        client is null || !ListedAt(client).Contains(venueId) ? Refusal.NotFound($"Venue '{venueId}' has no partner client of that id.")
        : Access.Require(actor, venueId, Rule, Managers) ?? GrantLimits(actor, venueId, client.Venues);

    private static Refusal? GrantLimits(Actor actor, string venueId, IReadOnlyList<string> venues) =>
        actor.Role == Roles.GeneralManager && !venues.Distinct().SequenceEqual([venueId])
            ? Refusal.Forbidden($"{Access.Describe(actor)} manages only partner clients granted exactly venue '{venueId}'.", Rule)
        : venues.FirstOrDefault(v => !actor.MayActAt(v)) is { } foreign
            ? Refusal.Forbidden($"{Access.Describe(actor)} holds no grant for venue '{foreign}' and may not manage a client granted it.", Rule)
        : null;

    public static Refusal Taken(string clientId) => Refusal.Conflict($"The client id '{clientId}' is taken.", Rule);

    public static Refusal? HistoryFull(int count) =>
        count >= Limits.AccountHistory ? Refusal.Conflict($"The client's history holds {Limits.AccountHistory} changes; no more are recorded.", Rule) : null;

    public static ApiClient NewClient(string clientId, string venueId, ApiClientDraft draft, DateTimeOffset now) =>
        new(clientId, draft.Name!, (draft.Venues ?? [venueId]).Distinct(StringComparer.Ordinal).ToArray(), Enabled: true,
            CreatedAt: now, ChangedAt: now, Version: 1, HomeVenue: venueId);

    /// <summary>The venues that list the client and record its changes: where it was made and every venue it is granted.</summary>
    public static IReadOnlyList<string> ListedAt(ApiClient client) =>
        client.Venues.Prepend(client.HomeVenue).Distinct(StringComparer.Ordinal).ToArray();

    public static ApiClientSummary Summary(ApiClient c) => new(c.ClientId, c.Name, c.Enabled, c.Version);

    /// <summary>The actor a token for this client carries: the partner role, the client id as subject.</summary>
    public static Actor ActorOf(ApiClient c) => new(c.ClientId, Roles.ApiClient, c.Name, null, c.Venues, null);

    public static string Created(ApiClient c) => $"created partner client '{c.ClientId}' ({c.Name}, venues {string.Join(", ", c.Venues)})";

    public static string EnabledChanged(string clientId, bool enabled) => $"{(enabled ? "enabled" : "disabled")} partner client '{clientId}'";

    public static string SecretRotated(string clientId) => $"issued a new secret for partner client '{clientId}' (the old one no longer works)";
}
