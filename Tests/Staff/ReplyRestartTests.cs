using ClubGrains.Staff;
using Microsoft.Extensions.Time.Testing;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Staff;

/// <summary>A reply deadline that passes while the silo is down is applied once after the restart, stamped with its deadline.</summary>
public sealed class ReplyRestartTests
{
    [Fact]
    public async Task WD5_a_reply_deadline_passed_during_an_outage_is_fined_once_after_restart_as_a_recommendation_and_a_reply_during_the_outage_withdraws_it()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 20, 0, 0, China));
        var op = new Actor("op-1", Roles.Operator, Venues: [Actor.AllVenues]);
        var dm = new Actor("dm-1", Roles.DepartmentManager, Venues: ["night"]);
        var manager = new Actor("m-7", Roles.Manager, Badge: "K007", Venues: ["night"], Department: "ktv");
        var key = GrainKeys.Manager("night", "K007");

        var first = await TestSilo.Start(settings, clock, TimeSpan.FromSeconds(5));
        ManagerMessage message;
        try
        {
            await first.Grains().GetGrain<IVenueGrain>("night").Create(op, new VenueDraft("Night", "Asia/Shanghai", null, [VenueKind.Ktv]));
            await first.Grains().GetGrain<IManagerGrain>(key).Register(dm, new ManagerDraft("李娜", VenueKind.Ktv));
            message = (await first.Grains().GetGrain<IManagerGrain>(key).SendMessage(dm, "来前台")).Value!;
        }
        finally
        {
            await TestSilo.Stop(first);
        }

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 20, 30, 0, China));
        var second = await TestSilo.Start(settings, clock, TimeSpan.FromSeconds(5));
        try
        {
            long Version() => TestSilo.StoredVersion(folder.File("club.db"), "night/K007");

            var before = Version();
            await TestSilo.Eventually(
                () => Task.FromResult(Version() > before),
                TimeSpan.FromSeconds(60),
                "the durable wake-up applies the missed deadline with no request",
                step: () =>
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                });

            var record = second.Grains().GetGrain<IManagerGrain>(key);
            var view = (await record.GetManager(TestActors.Auditor)).Value!;
            var fine = Assert.Single(view.Ledger);
            Assert.Equal(("WD-5", message.ReplyBy, LedgerStatus.Recommended, true), (fine.Rule, fine.At, fine.Status, fine.AfterOutage));
            Assert.Single(view.History, h => h.Rule == "WD-5" && h.Actor == Actor.System);

            // Woken again, nothing is applied twice.
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Single((await record.GetManager(TestActors.Auditor)).Value!.Ledger);

            var late = await record.Reply(manager, message.Id, "马上到", message.ReplyBy.AddMinutes(1), "phone log");
            Assert.Equal("repliedAt", late.Refusal!.Fields![0].Field);
            var reply = (await record.Reply(manager, message.Id, "马上到", message.SentAt.AddMinutes(3), "the call log shows the reply at 20:03")).Value!;
            Assert.Equal(message.SentAt.AddMinutes(3), reply.RepliedAt);
            Assert.Equal(LedgerStatus.Rejected, (await record.GetManager(TestActors.Auditor)).Value!.Ledger.Single().Status);
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }
}
