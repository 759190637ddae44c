namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>Waits on a condition (never a fixed sleep): polls until it holds, failing after the patience runs out.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? patience = null, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because ?? "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
