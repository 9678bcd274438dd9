using AiScheduler.Functions.Hosting;
using Microsoft.Playwright;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// Puts a browser on the app's clock. Pages compute periods and "now" with <c>new Date()</c>, so a browser on the
/// machine's date would ask an app that runs at <see cref="TestClocks.Default"/> about the wrong days.
/// </summary>
public static class BrowserClock
{
    /// <summary>
    /// Installs Playwright's clock on <paramref name="context"/> at what <paramref name="clock"/> reads now. Until it is
    /// paused, the installed clock moves on at the real rate and every timer fires on time (the hubs' keep-alives, the
    /// pages' polling), as <see cref="AnchoredTimeProvider"/> does on the server. Call it before the context opens a
    /// page: every page then reads this clock from its first script.
    /// </summary>
    public static async Task PinAsync(IBrowserContext context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        await context.Clock.InstallAsync(new() { TimeDate = clock.GetUtcNow().UtcDateTime });

        // The browser's now is the app's (give or take the calls in between, with a minute's slack), not the machine's date.
        var page = await context.NewPageAsync();
        var browserNow = DateTimeOffset.FromUnixTimeMilliseconds((long)await page.EvaluateAsync<double>("() => Date.now()"));
        await page.CloseAsync();
        var appNow = clock.GetUtcNow();
        Assert.True((browserNow - appNow).Duration() < TimeSpan.FromMinutes(1), $"the browser reads {browserNow:O}, the app {appNow:O}");
    }
}
