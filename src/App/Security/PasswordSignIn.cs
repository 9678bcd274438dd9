using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Security;

/// <summary>Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (format v3: PBKDF2
/// HMAC-SHA512, salted, the iteration count stored in the hash), at <see cref="SecurityOptions.PasswordIterations"/>.</summary>
public sealed class Passwords
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    private readonly PasswordHasher<UserAccount> _hasher;

    public Passwords(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hasher = new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.PasswordIterations,
        }));
        // Verified against when the email is unknown, so both answers take as long.
        DummyHash = _hasher.HashPassword(null!, "not a password anyone has");
    }

    private string DummyHash { get; }

    /// <summary>Why <paramref name="password"/> is not acceptable as a new password, or null.</summary>
    public static string? Problem(string? password) => password switch
    {
        null or "" => "is required",
        { Length: < MinLength } => $"must be at least {MinLength} characters",
        { Length: > MaxLength } => $"must be at most {MaxLength} characters",
        _ when string.IsNullOrWhiteSpace(password) => "must not be only spaces",
        _ => null,
    };

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Whether <paramref name="password"/> matches; <c>rehashed</c> is a new hash when the stored one used
    /// older settings.</summary>
    public bool Verify(string? hash, string password, out string? rehashed)
    {
        rehashed = null;
        var result = _hasher.VerifyHashedPassword(null!, hash ?? DummyHash, password);
        if (hash is null || result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehashed = Hash(password);
        }

        return true;
    }
}

/// <summary>The result of a password sign-in.</summary>
public abstract record SignInOutcome
{
    public sealed record Succeeded(UserAccount User, Membership Workspace) : SignInOutcome;

    /// <summary>Wrong email or password, or a disabled account: one answer for all, so nobody learns which emails exist.</summary>
    public sealed record Refused : SignInOutcome;

    public sealed record LockedOut(TimeSpan RetryAfter) : SignInOutcome;

    /// <summary>The password is right but the user belongs to no workspace.</summary>
    public sealed record NoWorkspace : SignInOutcome;
}

/// <summary>Checks an email and password, counting failures and locking the account after
/// <see cref="SecurityOptions.LockoutThreshold"/> of them within <see cref="SecurityOptions.LockoutWindow"/>.</summary>
public sealed class PasswordSignIn(UserStore users, Passwords passwords, IOptions<SecurityOptions> options, TimeProvider clock)
{
    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var user = await users.FindByEmailAsync(email, cancellationToken);
        var now = clock.GetUtcNow();
        if (user?.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new SignInOutcome.LockedOut(lockedUntil - now);
        }

        var matches = passwords.Verify(user?.PasswordHash, password, out var rehashed);
        if (user is null)
        {
            return new SignInOutcome.Refused();
        }

        if (!matches || user.DisabledAt is not null)
        {
            await users.RecordFailureAsync(user.Id, settings.LockoutThreshold, settings.LockoutWindow, cancellationToken);
            return new SignInOutcome.Refused();
        }

        await users.RecordSuccessAsync(user.Id, rehashed, cancellationToken);
        var memberships = await users.MembershipsAsync(user.Id, cancellationToken);
        return memberships.Count == 0 ? new SignInOutcome.NoWorkspace() : new SignInOutcome.Succeeded(user, memberships[0]);
    }
}
