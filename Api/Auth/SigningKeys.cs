using System.Security.Cryptography;
using ClubGrains.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Api.Auth;

/// <summary>
/// Finds the token signing key: the configured one, or — in the embedded default only — a key
/// generated on first run into the data folder (never committed). A cluster without a configured key
/// or issuer refuses to start: each API process would otherwise sign with a key of its own.
/// </summary>
public static class SigningKeys
{
    public const string KeyFileName = "jwt-signing.key";
    public const int MinimumKeyBytes = 32;

    /// <summary>The symmetric key to sign and validate with; null when an external authority issues tokens.</summary>
    public static SymmetricSecurityKey? Resolve(AuthSettings auth, ClubGrainsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            return new SymmetricSecurityKey(Decode(auth.SigningKey, "ClubGrains:Auth:SigningKey"));
        }

        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            return null;
        }

        if (options.Storage != StorageProvider.Sqlite)
        {
            throw new ClubGrainsStartupException(
                "ClubGrains:Auth:SigningKey (base64 of at least 32 random bytes, the same on every API process) " +
                "or ClubGrains:Auth:Authority (an external issuer) is required in cluster mode.");
        }

        return new SymmetricSecurityKey(LoadOrCreate(Path.Combine(options.Sqlite.DataFolder, KeyFileName)));
    }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(MinimumKeyBytes * 2);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two processes starting at once: the first key written wins, the other reads it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new ClubGrainsStartupException($"The token signing key in {source} is not base64.", e);
        }

        if (key.Length < MinimumKeyBytes)
        {
            throw new ClubGrainsStartupException(
                $"The token signing key in {source} is too weak: {key.Length} bytes; at least {MinimumKeyBytes} random bytes are required.");
        }

        return key;
    }
}
