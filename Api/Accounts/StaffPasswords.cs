using System.Security.Cryptography;
using ClubGrains.Api.Hosting;
using ClubGrains.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClubGrains.Api.Accounts;

/// <summary>
/// Passwords and partner clients' secrets hashed and verified with ASP.NET Core Identity's hasher
/// (PBKDF2, salted, versioned); grains see only the hash.
/// </summary>
public sealed class StaffPasswords(IPasswordHasher<string> hasher, IOptions<AccountSettings> settings)
{
    /// <summary>A hash no password matches, checked for unknown logins so they cost what a wrong password costs.</summary>
    private readonly string _dummyHash = hasher.HashPassword(string.Empty, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public int MinimumLength => settings.Value.MinimumPasswordLength;

    public string Hash(string login, string password) => hasher.HashPassword(login, password);

    /// <summary>Whether the password matches the hash; a null hash is checked against the dummy one and never matches.</summary>
    public bool Verify(string login, string? hash, string? password)
    {
        // Bounded before hashing, alike for every login, so a huge password costs nothing and tells nothing.
        if (password is not { Length: > 0 and <= Limits.Password })
        {
            return false;
        }

        var result = hasher.VerifyHashedPassword(login, hash ?? _dummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
