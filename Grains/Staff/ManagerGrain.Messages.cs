using ClubGrains.Common;

namespace ClubGrains.Staff;

/// <summary>The department manager's messages and the replies (WD-5), and objections (DS-3).</summary>
public sealed partial class ManagerGrain
{
    public Task<Result<ManagerMessage>> SendMessage(Actor actor, string? text) =>
        Command<ManagerMessage>(actor, StaffRules.Supervised(StaffRules.ReplyRule), async _ =>
        {
            if (MessageRules.MaySend(Badge, text, S.Messages, _time.GetUtcNow()) is { } refused)
            {
                return refused;
            }

            if ((await Venue()).Value is not { } venue)
            {
                return StaffRules.VenueMissing(VenueId);
            }

            var now = _time.GetUtcNow();
            var message = new ManagerMessage(Guid.CreateVersion7().ToString("N"), actor.ForRecord(), text!.Trim(), now, MessageRules.ReplyBy(now, venue.Policy.Workday));
            S.Messages.Add(message);
            Record(ManagerEvents.MessageSent, actor, now, $"sent a message; reply due by {message.ReplyBy:O}", StaffRules.ReplyRule);
            await Save();
            return message;
        });

    public Task<Result<ManagerMessage>> Reply(Actor actor, string messageId, string? text, DateTimeOffset? repliedAt, string? reason) =>
        Command<ManagerMessage>(actor, StaffRules.Own("reply to another manager's message"), async _ =>
        {
            await ApplyDeadlines();
            var index = S.Messages.FindIndex(m => m.Id == messageId);
            if (index < 0)
            {
                return MessageRules.NoSuchMessage(Badge, messageId);
            }

            var message = S.Messages[index];
            var fine = S.Ledger.FindIndex(e => e.Id == MessageRules.FineId(message.Id));
            if (MessageRules.MayReply(message, fine < 0 ? null : S.Ledger[fine], text, repliedAt, reason) is { } refused)
            {
                return refused;
            }

            var now = _time.GetUtcNow();
            if (repliedAt is { } real)
            {
                // A reply that really happened while the service was down: it undoes the fine applied after the outage.
                S.Ledger[fine] = LedgerRules.Decided(S.Ledger[fine], confirm: false, actor, now);
                S.Messages[index] = message with { RepliedAt = real, Reply = text?.Trim(), Missed = false };
                Record(ManagerEvents.ReplyDuringOutage, actor, now, $"recorded a reply given at {real:O}, during the outage: the fine for the missed deadline is withdrawn", StaffRules.ReplyRule, reason);
            }
            else
            {
                S.Messages[index] = message with { RepliedAt = now, Reply = text?.Trim() };
                Record(ManagerEvents.Replied, actor, now, "replied to the department manager's message, on time", StaffRules.ReplyRule);
            }

            await Save();
            return S.Messages[index];
        });

    public Task<Result<ManagerMessage>> RaiseObjection(Actor actor, string messageId, string? objection) =>
        Command<ManagerMessage>(actor, StaffRules.Own("object on another manager's behalf"), async _ =>
        {
            var index = S.Messages.FindIndex(m => m.Id == messageId);
            if (index < 0)
            {
                return MessageRules.NoSuchMessage(Badge, messageId);
            }

            if (MessageRules.MayObject(S.Messages[index], objection) is { } refused)
            {
                return refused;
            }

            var now = _time.GetUtcNow();
            S.Messages[index] = S.Messages[index] with { Objection = objection!.Trim(), ObjectedAt = now };
            Record(ManagerEvents.ObjectionRaised, actor, now, "raised an objection to an instruction already carried out", StaffRules.ObeyFirstRule, objection.Trim());
            await Save();
            return S.Messages[index];
        });
}
