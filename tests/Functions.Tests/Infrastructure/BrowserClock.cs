using System.Globalization;
using AiScheduler.Functions.Hosting;
using Microsoft.Playwright;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// Puts a browser on the app's clock. The meeting room's pages compute "now" with <c>new Date()</c>, so a browser on the
/// machine's date would disagree with an app that runs at <see cref="TestClocks.Default"/>. (The dashboard needs none
/// of this: it offsets its clock by the <c>now</c> of <c>GET /api/auth/me</c>, and its browser test leaves <c>Date</c> alone.)
/// </summary>
/// <remarks>
/// Not Playwright's <c>Clock</c>: every one of its modes (<c>InstallAsync</c>, <c>SetFixedTimeAsync</c>,
/// <c>SetSystemTimeAsync</c>) replaces <c>Date</c> with a plain function, so a class that extends <c>Date</c> loses its
/// prototype (microsoft/playwright#35314) and the dashboard's <c>TZDate</c> (@date-fns/tz) silently formats a lead's
/// time in the browser's zone instead of the lead's. The script below only shifts what "now" reads, with a
/// <c>Date</c> that forwards subclassing, and leaves the timers (<c>setTimeout</c>, <c>setInterval</c>,
/// <c>performance</c>) native: the hubs' keep-alives and the pages' polling run at the real rate, and "now" moves on
/// with them, as <see cref="AnchoredTimeProvider"/> does on the server.
/// </remarks>
public static class BrowserClock
{
    // Date() and new Date() read the shifted now; new Date(x) and subclasses (super(...)) are the native Date's own.
    private const string Script = """
        (() => {
          const NativeDate = globalThis.Date;
          if (NativeDate.__anchored) return;
          const shift = __SHIFT__;
          const now = () => NativeDate.now() + shift;
          globalThis.Date = new Proxy(NativeDate, {
            apply: () => new NativeDate(now()).toString(),
            construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget === globalThis.Date ? target : newTarget),
            get: (target, key) => key === "now" ? now : key === "__anchored" ? true : Reflect.get(target, key),
          });
        })();
        """;

    /// <summary>
    /// Makes every page <paramref name="context"/> opens read what <paramref name="clock"/> reads (moving on at the real
    /// rate). Call it before the context opens a page.
    /// </summary>
    public static async Task PinAsync(IBrowserContext context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);

        // The shift between the browser's own clock and the app's, measured once, as one moment on both.
        var probe = await context.NewPageAsync();
        var shift = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)await probe.EvaluateAsync<double>("() => Date.now()");
        await context.AddInitScriptAsync(Script.Replace("__SHIFT__", shift.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // A new document reads the app's now (give or take the calls in between, with a minute's slack), not the machine's date.
        await probe.GotoAsync("about:blank");
        var browserNow = DateTimeOffset.FromUnixTimeMilliseconds((long)await probe.EvaluateAsync<double>("() => new Date().getTime()"));
        await probe.CloseAsync();
        var appNow = clock.GetUtcNow();
        Assert.True((browserNow - appNow).Duration() < TimeSpan.FromMinutes(1), $"the browser reads {browserNow:O}, the app {appNow:O}");
    }
}
