using ClubGrains.Accounts;

namespace ClubGrains.Tests.Accounts;

/// <summary>Who manages which partner client, what a valid client is, and the shape of a client id.</summary>
public sealed class ClientRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(8));

    private static readonly Actor Gm = new("gm-li", Roles.GeneralManager, Venues: ["sh-001"]);
    private static readonly Actor ChainOperator = new("op-1", Roles.Operator, Venues: [Actor.AllVenues]);
    private static readonly Actor RegionOperator = new("op-east", Roles.Operator, Venues: ["sh-001", "sh-002"]);

    private static ApiClient Client(params string[] venues) =>
        ClientRules.NewClient("pc-0123456789abcdef0123", "sh-001", new ApiClientDraft("美团", venues.Length == 0 ? null : venues), Now);

    [Fact]
    public void A_new_client_is_enabled_at_version_1_and_granted_the_venue_it_is_made_at_when_no_venues_are_given()
    {
        var client = Client();
        Assert.Equal((true, 1L, "sh-001", Now), (client.Enabled, client.Version, client.HomeVenue, client.CreatedAt));
        Assert.Equal(["sh-001"], client.Venues);
        Assert.Equal(["sh-001", "sh-002"], Client("sh-001", "sh-002", "sh-001").Venues);
    }

    [Fact]
    public void A_gm_creates_and_manages_clients_granted_exactly_their_venue()
    {
        Assert.Null(ClientRules.MayCreate(Gm, "sh-001", new ApiClientDraft("美团")));
        Assert.Null(ClientRules.MayCreate(Gm, "sh-001", new ApiClientDraft("美团", ["sh-001"])));
        Assert.Null(ClientRules.MayManage(Gm, "sh-001", Client()));

        var granting = ClientRules.MayCreate(Gm, "sh-001", new ApiClientDraft("美团", ["sh-001", "sh-002"]));
        var foreign = ClientRules.MayCreate(Gm, "sh-002", new ApiClientDraft("美团"));
        var shared = ClientRules.MayManage(Gm, "sh-001", Client("sh-001", "sh-002"));
        foreach (var refused in new[] { granting, foreign, shared })
        {
            Assert.Equal((RefusalKind.Forbidden, AccountRules.Rule), (refused!.Kind, refused.Rule));
        }
    }

    [Fact]
    public void An_operator_grants_a_client_only_venues_they_are_granted()
    {
        Assert.Null(ClientRules.MayCreate(RegionOperator, "sh-001", new ApiClientDraft("美团", ["sh-001", "sh-002"])));
        Assert.Null(ClientRules.MayCreate(ChainOperator, "sh-001", new ApiClientDraft("美团", ["sh-001", "bj-009"])));
        Assert.Null(ClientRules.MayManage(RegionOperator, "sh-002", Client("sh-001", "sh-002")));

        var beyond = ClientRules.MayCreate(RegionOperator, "sh-001", new ApiClientDraft("美团", ["sh-001", "bj-009"]))!;
        Assert.Equal((RefusalKind.Forbidden, AccountRules.Rule), (beyond.Kind, beyond.Rule));
        Assert.Contains("bj-009", beyond.Message);
        Assert.Equal(RefusalKind.Forbidden, ClientRules.MayManage(RegionOperator, "sh-001", Client("sh-001", "bj-009"))!.Kind);
    }

    [Fact]
    public void Only_a_gm_or_an_operator_manages_clients()
    {
        foreach (var role in Roles.All.Except(ClientRules.Managers))
        {
            var actor = new Actor("someone", role, Venues: ["sh-001"]);
            Assert.Equal(RefusalKind.Forbidden, ClientRules.MayCreate(actor, "sh-001", new ApiClientDraft("美团"))!.Kind);
            Assert.Equal(RefusalKind.Forbidden, ClientRules.MayManage(actor, "sh-001", Client())!.Kind);
        }
    }

    [Fact]
    public void A_client_unknown_or_not_listed_at_the_venue_is_not_found_even_for_an_operator()
    {
        Assert.Equal(RefusalKind.NotFound, ClientRules.MayManage(ChainOperator, "sh-001", null)!.Kind);
        Assert.Equal(RefusalKind.NotFound, ClientRules.MayManage(ChainOperator, "sh-003", Client())!.Kind);
        Assert.Null(ClientRules.MayManage(ChainOperator, "sh-002", Client("sh-001", "sh-002")));
    }

    [Theory]
    [InlineData(null, "name")]
    [InlineData("  ", "name")]
    [InlineData("美团\n点评", "name")]
    [InlineData("\u001b[2J", "name")]
    public void A_draft_without_a_clean_name_is_refused_naming_name(string? name, string field)
    {
        var errors = ClientRules.CheckDraft(new ApiClientDraft(name), "sh-001");
        Assert.Equal([field], errors.Select(e => e.Field).Distinct().ToArray());
        Assert.All(errors, e => Assert.Equal(AccountRules.Rule, e.Rule));
    }

    [Fact]
    public void A_name_of_the_bound_passes_and_one_past_it_is_refused()
    {
        Assert.Empty(ClientRules.CheckDraft(new ApiClientDraft(new string('名', Limits.Name)), "sh-001"));
        Assert.Equal(["name"], ClientRules.CheckDraft(new ApiClientDraft(new string('名', Limits.Name + 1)), "sh-001").Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Venues_must_be_1_to_the_bound_of_ids_never_every_venue_and_include_the_venue_it_is_made_at()
    {
        string[][] refused =
        [
            [],
            [.. Enumerable.Range(0, Limits.AccountVenues + 1).Select(i => $"v-{i}")],
            ["sh-001", " "],
            ["sh-001", new string('v', Limits.Id + 1)],
            ["sh-001", "sh\n002"],
            [Actor.AllVenues],
            ["sh-001", Actor.AllVenues],
            ["sh-002"],
        ];
        foreach (var venues in refused)
        {
            Assert.Equal(["venues"], ClientRules.CheckDraft(new ApiClientDraft("美团", venues), "sh-001").Select(e => e.Field).ToArray());
        }

        Assert.Empty(ClientRules.CheckDraft(new ApiClientDraft("美团", ["sh-001", .. Enumerable.Range(1, Limits.AccountVenues - 1).Select(i => $"v-{i}")]), "sh-001"));
    }

    [Theory]
    [InlineData("pc-0123456789abcdef0123", true)]
    [InlineData("pc-0123456789ABCDEF0123", false)]
    [InlineData("pc-0123456789abcdef012", false)]
    [InlineData("pc-0123456789abcdef01234", false)]
    [InlineData("xx-0123456789abcdef0123", false)]
    [InlineData("pc-0123456789abcdef012g", false)]
    [InlineData("desk.wang", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Client_ids_are_pc_and_20_lowercase_hex_digits(string? clientId, bool valid) =>
        Assert.Equal(valid, ClientRules.IsClientId(clientId));

    [Fact]
    public void The_server_makes_well_formed_client_ids_that_do_not_repeat()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ClientRules.NewClientId()).ToArray();
        Assert.All(ids, id => Assert.True(ClientRules.IsClientId(id), id));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void A_clients_key_in_the_venue_history_is_never_a_staff_login()
    {
        var key = ClientRules.VenueHistoryKey(ClientRules.NewClientId());
        Assert.False(AccountRules.IsLogin(key));
        Assert.NotEqual(ClientRules.VenueHistoryKey("pc-0123456789abcdef0123"), ClientRules.VenueHistoryKey("pc-0123456789abcdef0124"));
    }

    [Fact]
    public void The_actor_of_a_client_is_the_partner_role_with_the_client_id_name_and_venues()
    {
        var actor = ClientRules.ActorOf(Client("sh-001", "sh-002"));
        Assert.Equal(new Actor("pc-0123456789abcdef0123", Roles.ApiClient, "美团", null, actor.Venues, null), actor);
        Assert.Equal(["sh-001", "sh-002"], actor.Venues!);
        Assert.True(actor.MayActAt("sh-002"));
        Assert.False(actor.MayActAt("sh-003"));
    }

    [Fact]
    public void A_full_history_refuses_more_changes()
    {
        Assert.Null(ClientRules.HistoryFull(Limits.AccountHistory - 1));
        var full = ClientRules.HistoryFull(Limits.AccountHistory)!;
        Assert.Equal((RefusalKind.Conflict, AccountRules.Rule), (full.Kind, full.Rule));
    }

    [Fact]
    public void A_clients_venue_line_carries_its_id_name_enabled_and_version()
    {
        var client = Client() with { Enabled = false, Version = 3 };
        Assert.Equal(new ApiClientSummary("pc-0123456789abcdef0123", "美团", false, 3), ClientRules.Summary(client));
        Assert.Equal(["sh-001", "sh-002"], ClientRules.ListedAt(Client("sh-002", "sh-001")).Order(StringComparer.Ordinal).ToArray());
    }
}
