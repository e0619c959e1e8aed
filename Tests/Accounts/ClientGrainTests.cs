using ClubGrains.Accounts;
using ClubGrains.Api.Accounts;
using ClubGrains.Api.Hosting;
using ClubGrains.Tests.Rooms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClubGrains.Tests.Accounts;

/// <summary>Partner clients and the client-credentials check through a silo.</summary>
public sealed class ClientGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private const string Secret = "a-secret-of-the-test-that-is-43-characters";

    private static readonly CountingHasher Hasher = new();
    private static readonly StaffPasswords Passwords = new(Hasher, Options.Create(new AccountSettings()));

    private ClientSignIn SignIn => new(fixture.Grains, Passwords);

    private IApiClientGrain Client(string clientId) => fixture.Grains.GetGrain<IApiClientGrain>(clientId);

    private IVenueAccountsGrain Lists(Evening evening) => fixture.Grains.GetGrain<IVenueAccountsGrain>(evening.VenueId);

    private async Task<string> Partner(Evening evening, string secret = Secret)
    {
        var clientId = ClientRules.NewClientId();
        var created = await Client(clientId).Create(evening.Gm, evening.VenueId, new ApiClientDraft("美团"), Passwords.Hash(clientId, secret));
        Assert.True(created.Succeeded, created.Refusal?.Message);
        return clientId;
    }

    [Fact]
    public async Task A_created_client_keeps_only_the_hash_and_is_listed_and_recorded_at_its_venue_with_who_did_it()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);

        var credentials = (await Client(clientId).GetCredentials())!;
        Assert.NotEqual(Secret, credentials.SecretHash);
        Assert.True(Passwords.Verify(clientId, credentials.SecretHash, Secret));
        Assert.Equal(new ApiClientSummary(clientId, "美团", true, 1), Assert.Single((await Lists(evening).ListClients(TestActors.Auditor)).Value!));
        Assert.Empty((await Lists(evening).List(TestActors.Auditor)).Value!);
        var recorded = (await evening.Venue.GetHistory()).Value![^1];
        Assert.Equal(("gm-1", AccountRules.Rule), (recorded.Actor.Subject, recorded.Rule));
        Assert.Contains(clientId, recorded.What);
        var view = (await Client(clientId).GetClient(TestActors.Auditor, evening.VenueId)).Value!;
        Assert.Equal(("美团", 1), (view.Client.Name, view.History.Count));
    }

    [Fact]
    public async Task Disabling_twice_is_one_change_in_the_client_the_list_and_the_venues_history()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);
        await Client(clientId).SetEnabled(evening.Gm, evening.VenueId, false);
        var again = await Client(clientId).SetEnabled(evening.Gm, evening.VenueId, false);

        Assert.Equal((false, 2L), (again.Value!.Enabled, again.Value.Version));
        Assert.Equal(2, (await Client(clientId).GetClient(TestActors.Auditor, evening.VenueId)).Value!.History.Count);
        var line = Assert.Single((await Lists(evening).ListClients(TestActors.Auditor)).Value!);
        Assert.Equal((false, 2L), (line.Enabled, line.Version));
        Assert.Single((await evening.Venue.GetHistory()).Value!, h => h.What.StartsWith("disabled", StringComparison.Ordinal) && h.What.Contains(clientId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rotation_replaces_the_hash_and_is_a_change_every_time()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);
        var first = (await Client(clientId).GetCredentials())!.SecretHash;

        Assert.Equal(2L, (await Client(clientId).RotateSecret(evening.Gm, evening.VenueId, Passwords.Hash(clientId, "second secret"))).Value!.Version);
        Assert.Equal(3L, (await Client(clientId).RotateSecret(evening.Gm, evening.VenueId, Passwords.Hash(clientId, "third secret"))).Value!.Version);

        var credentials = (await Client(clientId).GetCredentials())!;
        Assert.NotEqual(first, credentials.SecretHash);
        Assert.True(Passwords.Verify(clientId, credentials.SecretHash, "third secret"));
        Assert.Equal(2, (await evening.Venue.GetHistory()).Value!.Count(h => h.What.StartsWith("issued a new secret", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_gm_granting_another_venue_or_acting_at_another_venue_is_refused_and_nothing_is_written()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        var clientId = ClientRules.NewClientId();
        var granting = await Client(clientId).Create(evening.Gm, evening.VenueId, new ApiClientDraft("美团", [evening.VenueId, other.VenueId]), "hash");
        var foreign = await Client(clientId).Create(evening.Gm, other.VenueId, new ApiClientDraft("美团"), "hash");

        Assert.All(new[] { granting, foreign }, r => Assert.Equal((RefusalKind.Forbidden, AccountRules.Rule), (r.Refusal!.Kind, r.Refusal.Rule)));
        Assert.Null(await Client(clientId).GetCredentials());
        Assert.Empty((await Lists(evening).ListClients(TestActors.Auditor)).Value!);
        Assert.Empty((await Lists(other).ListClients(TestActors.Auditor)).Value!);
    }

    [Fact]
    public async Task A_gm_of_another_venue_finds_no_client_there_and_changes_nothing()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        var clientId = await Partner(evening);

        var atOwnVenue = await Client(clientId).SetEnabled(other.Gm, other.VenueId, false);
        var atTheClientsVenue = await Client(clientId).RotateSecret(other.Gm, evening.VenueId, "another hash");

        Assert.Equal(RefusalKind.NotFound, atOwnVenue.Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, atTheClientsVenue.Refusal!.Kind);
        var credentials = (await Client(clientId).GetCredentials())!;
        Assert.Equal((true, 1L), (credentials.Client.Enabled, credentials.Client.Version));
        Assert.True(Passwords.Verify(clientId, credentials.SecretHash, Secret));
    }

    [Fact]
    public async Task An_operator_makes_a_client_of_two_venues_listed_and_recorded_at_both()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        var clientId = ClientRules.NewClientId();

        var created = await Client(clientId).Create(TestActors.Auditor, evening.VenueId, new ApiClientDraft("携程", [evening.VenueId, other.VenueId]), "hash");

        Assert.True(created.Succeeded, created.Refusal?.Message);
        foreach (var venue in new[] { evening, other })
        {
            Assert.Equal(clientId, Assert.Single((await Lists(venue).ListClients(TestActors.Auditor)).Value!).ClientId);
            Assert.Contains((await venue.Venue.GetHistory()).Value!, h => h.What.Contains(clientId, StringComparison.Ordinal) && h.Actor.Subject == "auditor");
        }

        Assert.Equal(RefusalKind.Forbidden, (await Client(clientId).SetEnabled(evening.Gm, evening.VenueId, false)).Refusal!.Kind);
    }

    [Fact]
    public async Task A_key_that_is_no_client_id_or_a_taken_one_is_refused()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);

        var malformed = await Client("desk.wang").Create(evening.Gm, evening.VenueId, new ApiClientDraft("美团"), "hash");
        var taken = await Client(clientId).Create(evening.Gm, evening.VenueId, new ApiClientDraft("美团"), "hash");

        Assert.Equal("clientId", Assert.Single(malformed.Refusal!.Fields!).Field);
        Assert.Equal(RefusalKind.Conflict, taken.Refusal!.Kind);
        Assert.True(Passwords.Verify(clientId, (await Client(clientId).GetCredentials())!.SecretHash, Secret));
    }

    [Fact]
    public async Task A_client_of_an_unknown_venue_is_not_made()
    {
        var clientId = ClientRules.NewClientId();
        var refused = await Client(clientId).Create(TestActors.Auditor, "no-such-venue", new ApiClientDraft("美团"), "hash");
        Assert.Equal(RefusalKind.NotFound, refused.Refusal!.Kind);
        Assert.Null(await Client(clientId).GetCredentials());
    }

    [Fact]
    public async Task A_venue_keeps_a_clients_changes_apart_from_a_staff_accounts_of_the_same_version()
    {
        var evening = await fixture.NewEvening();
        var clientId = ClientRules.NewClientId();
        var accountChange = new Change(fixture.Clock.GetUtcNow(), evening.Gm, "disabled staff account 'x'", AccountRules.Rule);
        var clientChange = new Change(fixture.Clock.GetUtcNow(), evening.Gm, $"disabled partner client '{clientId}'", AccountRules.Rule);

        await evening.Venue.RecordAccountChange(clientId, 2, accountChange);
        await evening.Venue.RecordAccountChange(ClientRules.VenueHistoryKey(clientId), 2, clientChange);
        await evening.Venue.RecordAccountChange(ClientRules.VenueHistoryKey(clientId), 2, clientChange);

        var history = (await evening.Venue.GetHistory()).Value!;
        Assert.Single(history, h => h == accountChange with { Kind = ClubGrains.Venues.VenueEvents.AccountChanged });
        Assert.Single(history, h => h == clientChange with { Kind = ClubGrains.Venues.VenueEvents.AccountChanged });
    }

    [Fact]
    public async Task The_check_answers_the_partners_actor_for_the_right_secret_only()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);

        var actor = await SignIn.Check(clientId, Secret);

        Assert.Equal((clientId, Roles.ApiClient, "美团"), (actor!.Subject, actor.Role, actor.DisplayName));
        Assert.Equal([evening.VenueId], actor.Venues!);
        Assert.Null(await SignIn.Check(clientId, Secret + "x"));
        Assert.Null(await SignIn.Check(clientId, null));
        Assert.Null(await SignIn.Check(clientId, new string('x', 10_000)));
    }

    [Fact]
    public async Task The_check_refuses_a_disabled_client_and_a_rotated_secret_at_once()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);

        Assert.True((await Client(clientId).SetEnabled(evening.Gm, evening.VenueId, false)).Succeeded);
        Assert.Null(await SignIn.Check(clientId, Secret));
        Assert.True((await Client(clientId).SetEnabled(evening.Gm, evening.VenueId, true)).Succeeded);
        Assert.NotNull(await SignIn.Check(clientId, Secret));

        Assert.True((await Client(clientId).RotateSecret(evening.Gm, evening.VenueId, Passwords.Hash(clientId, "the new secret"))).Succeeded);
        Assert.Null(await SignIn.Check(clientId, Secret));
        Assert.NotNull(await SignIn.Check(clientId, "the new secret"));
    }

    [Fact]
    public async Task The_check_of_an_unknown_or_malformed_id_does_the_same_hashing_work_and_never_locks_a_client_out()
    {
        var evening = await fixture.NewEvening();
        var clientId = await Partner(evening);

        var before = Hasher.Verifications;
        Assert.Null(await SignIn.Check(clientId, "not the secret"));
        var afterWrong = Hasher.Verifications;
        Assert.Null(await SignIn.Check(ClientRules.NewClientId(), "not the secret"));
        Assert.Null(await SignIn.Check("NOT A CLIENT", "not the secret"));
        Assert.Null(await SignIn.Check(null, "not the secret"));
        Assert.Equal((1, 3), (afterWrong - before, Hasher.Verifications - afterWrong));

        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await SignIn.Check(clientId, "not the secret"));
        }

        Assert.NotNull(await SignIn.Check(clientId, Secret));
    }
}
