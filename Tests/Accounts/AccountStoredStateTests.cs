using ClubGrains.Accounts;

namespace ClubGrains.Tests.Accounts;

/// <summary>
/// Stored state keeps loading: an account's and a venue's account list as stored by the first version
/// of accounts, a partner client's as stored by the first version of clients, and a venue's list as
/// stored once it held clients (committed fixtures, every stored member filled) must still read with
/// today's types.
/// </summary>
public sealed class AccountStoredStateTests
{
    private const string AccountFixture = "account-state-v1.bin";
    private const string ListFixture = "venue-accounts-state-v1.bin";
    private const string AccountWithSessionsFixture = "account-state-v2.bin";
    private const string TokenKeysFixture = "token-keys-state-v1.bin";
    private const string ClientFixture = "api-client-state-v1.bin";
    private const string ListWithClientsFixture = "venue-accounts-state-v2.bin";
    private const string ClientId = "pc-0123456789abcdef0123";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 17, 0, 0, Shanghai);
    private static readonly Actor Gm = new("gm-li", Roles.GeneralManager, "李总", Venues: ["sh-001"]);

    [Fact]
    public void An_account_state_stored_by_version_1_still_loads()
    {
        var state = StoredFixtures.Load<AccountState>(AccountFixture);

        Assert.Equivalent(StoredAccount(), state.Account, strict: true);
        Assert.Equal("AQAAAAIAAYagAAAAEHashOfTheFixture", state.PasswordHash);
        var change = Assert.Single(state.History);
        Assert.Equal(new Change(Created, Gm.ForRecord(), "created the account li.na (manager)", "ACCOUNTS", "first night", "sh-001"), change);
    }

    [Fact]
    public void A_venue_account_list_stored_by_version_1_still_loads()
    {
        var state = StoredFixtures.Load<VenueAccountsState>(ListFixture);

        Assert.Equal(new AccountSummary("li.na", "李娜", Roles.Manager, "K007", VenueKind.Ktv, true, true, 3), Assert.Single(state.Accounts).Value);
        Assert.Empty(state.Clients);
    }

    [Fact]
    public void A_partner_client_state_stored_by_version_1_still_loads()
    {
        var state = StoredFixtures.Load<ApiClientState>(ClientFixture);

        Assert.Equivalent(StoredClient(), state.Client, strict: true);
        Assert.Equal("AQAAAAIAAYagAAAAEHashOfTheClientFixture", state.SecretHash);
        Assert.Equal(StoredClientChange(), Assert.Single(state.History));
    }

    [Fact]
    public void A_venue_account_list_with_clients_stored_by_version_2_still_loads()
    {
        var state = StoredFixtures.Load<VenueAccountsState>(ListWithClientsFixture);

        Assert.Equal(new AccountSummary("li.na", "李娜", Roles.Manager, "K007", VenueKind.Ktv, true, true, 3), Assert.Single(state.Accounts).Value);
        var (key, line) = Assert.Single(state.Clients);
        Assert.Equal((ClientId, new ApiClientSummary(ClientId, "美团", false, 4)), (key, line));
    }

    [Fact]
    public void An_account_state_stored_with_sessions_still_loads()
    {
        var state = StoredFixtures.Load<AccountState>(AccountWithSessionsFixture);

        Assert.Equivalent(StoredAccount(), state.Account, strict: true);
        Assert.Equal([StoredSession()], state.Sessions);
    }

    [Fact]
    public void The_chains_token_keys_as_stored_still_load()
    {
        var state = StoredFixtures.Load<TokenKeysState>(TokenKeysFixture);

        Assert.Equal(("k-fixture", Created), (state.Keys!.KeyId, state.Keys.CreatedAt));
        Assert.Equal([1, 2, 3], state.Keys.RsaPrivateKey);
        Assert.Equal([4, 5, 6], state.Keys.EncryptionKey);
    }

    /// <summary>Writes the fixtures (run once with CLUBGRAINS_WRITE_FIXTURES=1 pointing at Tests/Fixtures); never overwritten otherwise.</summary>
    [Fact]
    public void The_committed_account_fixtures_are_present_or_rewritten_on_request()
    {
        StoredFixtures.AssertPresentOrWrite(AccountFixture, () => new AccountState
        {
            Account = StoredAccount(),
            PasswordHash = "AQAAAAIAAYagAAAAEHashOfTheFixture",
            History = [new Change(Created, Gm.ForRecord(), "created the account li.na (manager)", "ACCOUNTS", "first night", "sh-001")],
        });
        StoredFixtures.AssertPresentOrWrite(AccountWithSessionsFixture, () => new AccountState
        {
            Account = StoredAccount(),
            PasswordHash = "AQAAAAIAAYagAAAAEHashOfTheFixture",
            History = [new Change(Created, Gm.ForRecord(), "created the account li.na (manager)", "ACCOUNTS", "first night", "sh-001")],
            Sessions = [StoredSession()],
        });
        StoredFixtures.AssertPresentOrWrite(TokenKeysFixture, () => new TokenKeysState { Keys = new TokenKeyMaterial("k-fixture", [1, 2, 3], [4, 5, 6], Created) });
        StoredFixtures.AssertPresentOrWrite(ListFixture, () =>
        {
            var list = new VenueAccountsState();
            list.Accounts["li.na"] = new AccountSummary("li.na", "李娜", Roles.Manager, "K007", VenueKind.Ktv, true, true, 3);
            return list;
        });
    }

    private static StaffSession StoredSession() => new("0123456789abcdef0123456789abcdef", 3, Created, Created.AddMinutes(10));

    /// <summary>Writes the fixtures of partner clients (run once with CLUBGRAINS_WRITE_FIXTURES pointing at Tests/Fixtures); never overwritten otherwise.</summary>
    [Fact]
    public void The_committed_client_fixtures_are_present_or_rewritten_on_request()
    {
        StoredFixtures.AssertPresentOrWrite(ClientFixture, () => new ApiClientState
        {
            Client = StoredClient(),
            SecretHash = "AQAAAAIAAYagAAAAEHashOfTheClientFixture",
            History = [StoredClientChange()],
        });
        StoredFixtures.AssertPresentOrWrite(ListWithClientsFixture, () =>
        {
            var list = new VenueAccountsState();
            list.Accounts["li.na"] = new AccountSummary("li.na", "李娜", Roles.Manager, "K007", VenueKind.Ktv, true, true, 3);
            list.Clients[ClientId] = new ApiClientSummary(ClientId, "美团", false, 4);
            return list;
        });
    }

    private static ApiClient StoredClient() => new(
        ClientId, "美团", ["sh-001", "sh-002"], Enabled: false, CreatedAt: Created, ChangedAt: Created.AddHours(2), Version: 4, HomeVenue: "sh-001");

    private static Change StoredClientChange() =>
        new(Created, Gm.ForRecord(), $"created partner client '{ClientId}'", "ACCOUNTS", "the partner's booking channel", "sh-001");

    private static StaffAccount StoredAccount() => new(
        "li.na", "李娜", Roles.Manager, ["sh-001"], "K007", VenueKind.Ktv, Enabled: true, MustChangePassword: true,
        FailedSignIns: 2, LockedUntil: Created.AddMinutes(15), CreatedAt: Created, ChangedAt: Created.AddHours(1), Version: 3, HomeVenue: "sh-001");
}
