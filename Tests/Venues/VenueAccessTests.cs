using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Venues;

/// <summary>
/// The venue grain checks roles and venue grants itself, whatever the HTTP edge did, and keeps the
/// GM's override authorisations (BK-8). One silo on a fake clock serves the class.
/// </summary>
public sealed class VenueAccessTests : IAsyncLifetime
{
    private static readonly Actor Operator = new("op-1", Roles.Operator, Venues: [Actor.AllVenues]);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private IHost _silo = null!;

    private static Actor At(string venue, string role, string subject) => new(subject, role, Venues: [venue]);

    public async Task InitializeAsync() => _silo = await TestSilo.Start(TestSilo.SqliteSettings(_folder.File("club.db")), _clock);

    public async Task DisposeAsync()
    {
        await TestSilo.Stop(_silo);
        _folder.Dispose();
    }

    private async Task<IVenueGrain> NewVenue()
    {
        var id = "a-" + Guid.NewGuid().ToString("N")[..8];
        var venue = _silo.Grains().GetGrain<IVenueGrain>(id);
        Assert.True((await venue.Create(Operator, new VenueDraft("Club", "Asia/Shanghai", null, [VenueKind.Ktv]))).Succeeded);
        return venue;
    }

    [Fact]
    public async Task Reception_cannot_change_the_policy_even_when_calling_the_grain_directly()
    {
        var venue = await NewVenue();
        var id = venue.GetPrimaryKeyString();

        var refused = await venue.SetPolicy(At(id, Roles.Reception, "desk-1"), VenuePolicy.Default);

        Assert.Equal(RefusalKind.Forbidden, refused.Refusal!.Kind);
        Assert.Single((await venue.GetHistory()).Value!);
    }

    [Fact]
    public async Task A_gm_of_another_venue_cannot_change_this_one()
    {
        var venue = await NewVenue();

        var refused = await venue.PutRoom(At("elsewhere", Roles.GeneralManager, "gm-x"), "k01", new RoomDraft("Room", VenueKind.Ktv, "small", 4));

        Assert.Equal(RefusalKind.Forbidden, refused.Refusal!.Kind);
        Assert.Contains("no grant for venue", refused.Refusal.Message);
        Assert.Empty((await venue.GetRooms()).Value!);
    }

    [Fact]
    public async Task An_operator_granted_one_venue_cannot_create_another()
    {
        var refused = await _silo.Grains().GetGrain<IVenueGrain>("not-mine").Create(At("mine", Roles.Operator, "op-2"), new VenueDraft("X", "Asia/Shanghai", null, [VenueKind.Ktv]));

        Assert.Equal(RefusalKind.Forbidden, refused.Refusal!.Kind);
    }

    [Fact]
    public async Task BK8_a_reception_supervisor_without_the_gms_authorisation_cannot_override()
    {
        var venue = await NewVenue();
        var supervisor = At(venue.GetPrimaryKeyString(), Roles.ReceptionSupervisor, "sup-1");

        var refusal = await venue.CheckOverride(supervisor, OverrideScope.ExtendHold);

        Assert.Equal((RefusalKind.Forbidden, "BK-8"), (refusal!.Kind, refusal.Rule));
    }

    [Fact]
    public async Task BK8_the_gm_always_may_override()
    {
        var venue = await NewVenue();

        Assert.Null(await venue.CheckOverride(At(venue.GetPrimaryKeyString(), Roles.GeneralManager, "gm-1"), OverrideScope.ReleaseHold));
    }

    [Fact]
    public async Task BK8_reception_may_never_override()
    {
        var venue = await NewVenue();

        var refusal = await venue.CheckOverride(At(venue.GetPrimaryKeyString(), Roles.Reception, "desk-1"), OverrideScope.Reinstate);

        Assert.Equal("BK-8", refusal!.Rule);
    }

    [Fact]
    public async Task BK8_the_gms_authorisation_covers_its_scope_until_it_ends_or_is_revoked_and_is_recorded()
    {
        var venue = await NewVenue();
        var id = venue.GetPrimaryKeyString();
        var gm = At(id, Roles.GeneralManager, "gm-1");
        var supervisor = At(id, Roles.ReceptionSupervisor, "sup-1");
        var until = _clock.GetUtcNow().AddHours(6);

        var granted = await venue.AuthoriseSupervisor(gm, new AuthorisationDraft("sup-1", [OverrideScope.ExtendHold, OverrideScope.Reinstate], until, "weekend rush"));
        Assert.True(granted.Succeeded);

        Assert.Null(await venue.CheckOverride(supervisor, OverrideScope.ExtendHold));
        Assert.Equal("BK-8", (await venue.CheckOverride(supervisor, OverrideScope.ReleaseHold))!.Rule);
        Assert.NotNull(await venue.CheckOverride(At(id, Roles.ReceptionSupervisor, "sup-2"), OverrideScope.ExtendHold));

        _clock.SetUtcNow(until);
        Assert.Null(await venue.CheckOverride(supervisor, OverrideScope.Reinstate));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await venue.CheckOverride(supervisor, OverrideScope.Reinstate));

        await venue.AuthoriseSupervisor(gm, new AuthorisationDraft("sup-1", [OverrideScope.ExtendHold], _clock.GetUtcNow().AddHours(1)));
        Assert.Null(await venue.CheckOverride(supervisor, OverrideScope.ExtendHold));
        var revoked = await venue.RevokeSupervisor(gm, "sup-1");
        Assert.Equal(_clock.GetUtcNow(), revoked.Value!.RevokedAt);
        Assert.NotNull(await venue.CheckOverride(supervisor, OverrideScope.ExtendHold));

        var history = (await venue.GetHistory()).Value!;
        Assert.Equal(["venue", "BK-8", "BK-8", "BK-8"], history.Select(h => h.Rule));
        Assert.Equal("weekend rush", history[1].Reason);
        Assert.All(history.Skip(1), h => Assert.Equal("gm-1", h.Actor.Subject));
    }

    [Fact]
    public async Task BK8_only_the_gm_authorises_supervisors()
    {
        var venue = await NewVenue();
        var id = venue.GetPrimaryKeyString();

        var bySupervisor = await venue.AuthoriseSupervisor(At(id, Roles.ReceptionSupervisor, "sup-1"), new AuthorisationDraft("sup-1", [OverrideScope.ExtendHold], _clock.GetUtcNow().AddHours(1)));
        var byOperator = await venue.AuthoriseSupervisor(Operator, new AuthorisationDraft("sup-1", [OverrideScope.ExtendHold], _clock.GetUtcNow().AddHours(1)));

        Assert.Equal(RefusalKind.Forbidden, bySupervisor.Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, byOperator.Refusal!.Kind);
        Assert.Empty((await venue.GetAuthorisations()).Value!);
    }

    [Fact]
    public async Task BK8_an_authorisation_needs_a_supervisor_a_scope_and_a_future_end()
    {
        var venue = await NewVenue();

        var refused = await venue.AuthoriseSupervisor(At(venue.GetPrimaryKeyString(), Roles.GeneralManager, "gm-1"), new AuthorisationDraft(Until: _clock.GetUtcNow()));

        Assert.Equal(["supervisor", "scopes", "until"], refused.Refusal!.Fields!.Select(f => f.Field));
    }
}
