using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>A staff account's stored state: the account, its password hash (never the password) and its history.</summary>
[GenerateSerializer, Alias("clubgrains.AccountState")]
public sealed class AccountState
{
    [Id(0)] public StaffAccount? Account { get; set; }
    [Id(1)] public string? PasswordHash { get; set; }
    [Id(2)] public List<Change> History { get; set; } = [];

    /// <summary>The signed-in sessions, oldest first: a password change, a reset or disabling ends them.</summary>
    [Id(3)] public List<StaffSession> Sessions { get; set; } = [];
}

/// <summary>A partner client's stored state: the client, its secret's hash (never the secret) and its history.</summary>
[GenerateSerializer, Alias("clubgrains.ApiClientState")]
public sealed class ApiClientState
{
    [Id(0)] public ApiClient? Client { get; set; }
    [Id(1)] public string? SecretHash { get; set; }
    [Id(2)] public List<Change> History { get; set; } = [];
}

/// <summary>A venue's account and client lists: one line per login and per client id, the newest version kept.</summary>
[GenerateSerializer, Alias("clubgrains.VenueAccountsState")]
public sealed class VenueAccountsState
{
    [Id(0)] public Dictionary<string, AccountSummary> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Added with partner clients: a state stored before reads with none.</summary>
    [Id(1)] public Dictionary<string, ApiClientSummary> Clients { get; set; } = new(StringComparer.Ordinal);
}
