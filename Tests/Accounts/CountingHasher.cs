using Microsoft.AspNetCore.Identity;

namespace ClubGrains.Tests.Accounts;

/// <summary>Identity's hasher, counting its verifications: an unknown login or client must cost one as a known one does.</summary>
internal sealed class CountingHasher : IPasswordHasher<string>
{
    private readonly PasswordHasher<string> _inner = new();
    private int _verifications;

    public int Verifications => _verifications;

    public string HashPassword(string user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(string user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
