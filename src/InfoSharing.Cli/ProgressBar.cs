using System.Diagnostics;

namespace InfoSharing.Cli;

/// <summary>
/// A one-line progress bar on stderr. Silent for the first second, so short runs print nothing; redrawn at
/// most ten times a second; on a redirected stderr it writes one line per finished stage instead.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, bool interactive) : IProgress<InfoSharing.Matching.Batch.LinkProgress>
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private string? _stage;
    private bool _drawn;

    public void Report(InfoSharing.Matching.Batch.LinkProgress value)
    {
        lock (_gate)
        {
            var elapsed = _clock.Elapsed;
            var finished = value.Total > 0 && value.Done >= value.Total;
            var newStage = value.Stage != _stage;
            _stage = value.Stage;
            if (elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            if (!interactive)
            {
                if (finished)
                {
                    writer.WriteLine($"[{elapsed:hh\\:mm\\:ss}] {value.Stage} done ({value.Total:N0})");
                }

                return;
            }

            if (!newStage && !finished && elapsed - _lastDraw < TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            _lastDraw = elapsed;
            var fraction = value.Total > 0 ? Math.Clamp((double)value.Done / value.Total, 0, 1) : 0;
            var filled = (int)(fraction * Width);
            writer.Write($"\r{value.Stage,-8} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {value.Done:N0}/{value.Total:N0}  {elapsed:hh\\:mm\\:ss}   ");
            _drawn = true;
        }
    }

    /// <summary>Ends the bar's line so that what follows starts on a new one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_drawn && interactive)
            {
                writer.WriteLine();
            }
        }
    }
}
