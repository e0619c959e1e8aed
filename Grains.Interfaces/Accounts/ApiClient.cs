using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>
/// A partner system's client credentials (key: the client id the server made). It holds no secret:
/// the grain's state keeps only the secret's hash, which no view carries.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ApiClient")]
public sealed record ApiClient(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Venues,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ChangedAt,
    [property: Id(6)] long Version,
    [property: Id(7)] string HomeVenue);

/// <summary>What a GM or operator sends to create a partner's client (the id and the secret are the server's).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ApiClientDraft")]
public sealed record ApiClientDraft(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] IReadOnlyList<string>? Venues = null);

/// <summary>A client with the history of every change made to it.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ApiClientView")]
public sealed record ApiClientView(
    [property: Id(0)] ApiClient Client,
    [property: Id(1)] IReadOnlyList<Change> History);

/// <summary>What the client-credentials check needs: the stored secret hash and the client as it is.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ApiClientCredentials")]
public sealed record ApiClientCredentials(
    [property: Id(0)] ApiClient Client,
    [property: Id(1)] string SecretHash);

/// <summary>A line of a venue's client list, fed by the client with its version.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.ApiClientSummary")]
public sealed record ApiClientSummary(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] long Version);
