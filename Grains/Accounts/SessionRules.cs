using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>
/// Signed-in sessions of a staff account (OAuth 2.0 refresh token rotation with reuse detection,
/// RFC 9700 §4.14.2): each refresh token is honoured once; presenting an older one means it was
/// copied, and the session ends for whoever holds it.
/// </summary>
public static class SessionRules
{
    /// <summary>The sessions after a new one starts: the oldest beyond <see cref="Limits.AccountSessions"/> are ended.</summary>
    public static List<StaffSession> Start(IReadOnlyList<StaffSession> sessions, string sessionId, DateTimeOffset now) =>
        sessions.Where(s => s.Id != sessionId)
            .Append(new StaffSession(sessionId, 1, now, now))
            .TakeLast(Limits.AccountSessions)
            .ToList();

    /// <summary>
    /// A refresh: the session's newest generation moves on and the account's actor as it is now is
    /// given (a changed role or grant takes effect at the next refresh); an older generation ends the
    /// session; a disabled account ends every session.
    /// </summary>
    public static (List<StaffSession> Sessions, SessionRefresh Result) Refresh(
        StaffAccount account, IReadOnlyList<StaffSession> sessions, string sessionId, int generation, DateTimeOffset now)
    {
        if (!account.Enabled)
        {
            return ([], new SessionRefresh(SessionRefreshOutcome.Disabled));
        }

        var session = sessions.FirstOrDefault(s => s.Id == sessionId);
        if (session is null)
        {
            return (sessions.ToList(), new SessionRefresh(SessionRefreshOutcome.Ended));
        }

        if (session.Generation != generation)
        {
            return (sessions.Where(s => s.Id != sessionId).ToList(), new SessionRefresh(SessionRefreshOutcome.Replayed));
        }

        var next = session with { Generation = generation + 1, RefreshedAt = now };
        return (sessions.Select(s => s.Id == sessionId ? next : s).ToList(),
            new SessionRefresh(SessionRefreshOutcome.Refreshed, AccountRules.ActorOf(account), next.Generation));
    }
}
