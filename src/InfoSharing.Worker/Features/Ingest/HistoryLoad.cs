using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Retention;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// The <c>load</c> command (decision 0021): an agency's history, one message per line (FHIR Bundles as NDJSON, or the
/// agency JSON messages), taken through the live path's own batch processor: the same envelope checks, readers,
/// limits, mapping, person index, relationships, flag requests and audit entries, one transaction per batch. Each
/// line's message id is the SHA-256 of its bytes, so a line loaded before (this run, an interrupted one, another file)
/// is recognised by the inbox as a duplicate and changes nothing. A checkpoint beside the input records the offset of
/// the last committed batch and the SHA-256 of everything before it; a run after a kill or Ctrl+C continues from there.
/// When every line is in, the flags stage evaluates every child the history touched (with the worker's own stage if
/// one is running) before the command returns, so flags are exactly those the messages would have raised live.
/// Rejections are stored as live ones are and listed in a report; they are not sent to the agency's rejected queue.
/// </summary>
public static partial class HistoryLoad
{
    public const string Command = "load";

    /// <summary>Audit entry for one run of the command (a resumed load has one per run).</summary>
    public const string Kind = "history-load";

    private const string Usage =
        "Usage: load --feed ROUTING_KEY --input FILE --operator NAME [--message-type TYPE] [--batch N] [--parallel N] [--limit N] [--checkpoint FILE] [--report FILE] [--no-flags] [--restart]. "
        + "FILE holds one message per line (FHIR Bundle JSON for *.fhir, agency JSON for housing.household and marac.case; "
        + "TYPE is the AMQP type of every line, e.g. marac.case-listed.v1). NAME (1 to 100 of A-Z a-z 0-9 . _ @ : -) is recorded in the audit log.";

    /// <summary>What a load did, across every run of it (the checkpoint carries the counts of earlier runs).</summary>
    public sealed class Totals
    {
        public long Lines { get; set; }

        public long Accepted { get; set; }

        public long Duplicates { get; set; }

        public long Rejected { get; set; }

        public long Failed { get; set; }

        public Dictionary<string, long> RejectedByCode { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed class Checkpoint
    {
        public required string Feed { get; init; }

        public long Offset { get; set; }

        public long Line { get; set; }

        /// <summary>SHA-256 of the input's bytes before <see cref="Offset"/> (hex): a changed input is not resumed.</summary>
        public required string PrefixSha256 { get; set; }

        public bool Completed { get; set; }

        public required Totals Totals { get; init; }
    }

    private sealed record Line(long Number, byte[] Body, long EndOffset);

    /// <summary>
    /// Exit 0 when every line is in and the flags are evaluated, 1 when a line failed (set aside), 2 on a usage error,
    /// 3 when the database went away (run again to continue), 130 when interrupted (likewise).
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var feed = Argument(args, "--feed");
        var input = Argument(args, "--input");
        var operatorName = Argument(args, "--operator");
        var messageType = Argument(args, "--message-type");
        var batchSize = int.TryParse(Argument(args, "--batch") ?? "500", NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var parallel = int.TryParse(Argument(args, "--parallel") ?? "2", NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        var limitText = Argument(args, "--limit");
        long? limit = long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : null;
        var handlers = services.GetServices<IFeedHandler>().ToDictionary(h => h.RoutingKey, StringComparer.Ordinal);
        var problem = UnknownOption(args);
        if (problem is not null)
        {
            // Reported below with the usage.
        }
        else if (feed is null || input is null || operatorName is null)
        {
            problem = "--feed, --input and --operator are required.";
        }
        else if (!RetentionPurge.OperatorPattern().IsMatch(operatorName))
        {
            problem = "The operator name may hold only A-Z a-z 0-9 . _ @ : - (1 to 100 characters).";
        }
        else if (!handlers.ContainsKey(feed) || !messaging.Agencies.TryGetValue(feed.Split('.')[0], out var agencyOptions) || !agencyOptions.Kinds.Contains(feed.Split('.', 2)[1]))
        {
            problem = $"No feed {feed} is configured here; configured: {string.Join(", ", handlers.Keys.Order(StringComparer.Ordinal))}.";
        }
        else if (!File.Exists(input))
        {
            problem = $"No file {input}.";
        }
        else if (batchSize is < 1 or > 5000)
        {
            problem = "--batch is a number from 1 to 5000.";
        }
        else if (parallel is < 1 or > 8)
        {
            problem = "--parallel is a number of batches in flight from 1 to 8.";
        }
        else if (limitText is not null && limit is null)
        {
            problem = "--limit is a number of lines, at least 1.";
        }

        if (problem is not null)
        {
            await output.WriteLineAsync(problem);
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var checkpointPath = Argument(args, "--checkpoint") ?? input + ".load-checkpoint";
        var reportPath = Argument(args, "--report") ?? input + ".load-report.tsv";
        var checkpoint = await OpenCheckpointAsync(checkpointPath, feed!, input!, args.Contains("--restart"), output, cancellationToken);
        if (checkpoint is null)
        {
            return 2;
        }

        if (checkpoint.Completed)
        {
            await output.WriteLineAsync($"{input} was loaded to the end before (checkpoint {checkpointPath}); nothing to do. Run with --restart to read it again (lines already loaded are recognised as duplicates).");
            await WriteSummaryAsync(output, checkpoint.Totals, TimeSpan.Zero, 0, null);
            return 0;
        }

        var agency = feed!.Split('.')[0];
        var user = messaging.Agencies[agency].BrokerUser ?? agency;
        var contentType = feed.EndsWith(".fhir", StringComparison.Ordinal) ? ContentTypes.FhirJson : ContentTypes.Json;
        var processor = services.GetRequiredService<IngestProcessor>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        var fileName = Path.GetFileName(input!);
        var startedAt = time.GetUtcNow();
        var firstLine = checkpoint.Line + 1;
        var totals = checkpoint.Totals;
        var thisRun = new Totals();
        var clock = Stopwatch.StartNew();
        await using var stream = new FileStream(input!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var length = stream.Length;
        using var prefix = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await HashPrefixAsync(stream, checkpoint.Offset, prefix, cancellationToken);
        var meter = new ProgressMeter(progress, length, checkpoint.Offset);
        var interrupted = false;
        string? outage = null;
        await using (var report = new StreamWriter(reportPath, append: checkpoint.Offset > 0))
        {
            if (checkpoint.Offset == 0)
            {
                await report.WriteLineAsync("line\toutcome\tcode\treason");
            }

            var reader = new LineReader(stream, messaging.MaxMessageBytes, checkpoint.Line);
            var remaining = limit ?? long.MaxValue;

            // Up to `parallel` batches in flight (each its own transaction, as concurrent consumers are); their results
            // are taken in file order, so the checkpoint only ever covers a prefix of the file that is all committed.
            var inFlight = new Queue<(List<Line> Lines, List<InboundDelivery> Deliveries, Task<IReadOnlyList<IngestOutcome>> Outcomes)>();
            try
            {
                while (true)
                {
                    while (inFlight.Count < parallel && remaining > 0)
                    {
                        var lines = await reader.ReadBatchAsync((int)Math.Min(batchSize, remaining), cancellationToken);
                        if (lines.Count == 0)
                        {
                            remaining = 0;
                            break;
                        }

                        remaining -= lines.Count;
                        var deliveries = lines.Select(l => new InboundDelivery(
                            feed, l.Body, MessageIdOf(l.Body), contentType, messageType, user, Timestamp: null,
                            new Dictionary<string, string>(StringComparer.Ordinal)
                            {
                                ["x-infosharing-loaded-by"] = operatorName!,
                                ["x-infosharing-load-file"] = fileName,
                                ["x-infosharing-load-line"] = l.Number.ToString(CultureInfo.InvariantCulture),
                            },
                            Redelivered: false) { ReturnRejection = false }).ToList();
                        inFlight.Enqueue((lines, deliveries, Task.Run(() => processor.ProcessBatchAsync(deliveries, cancellationToken), cancellationToken)));
                    }

                    if (inFlight.Count == 0)
                    {
                        break;
                    }

                    var (done, sent, pending) = inFlight.Peek();
                    var outcomes = await pending;
                    inFlight.Dequeue();
                    await ReportProblemsAsync(scopes, agency, done, sent, outcomes, report, [thisRun, totals], cancellationToken);
                    Count(thisRun, outcomes);
                    Count(totals, outcomes);

                    await report.FlushAsync(cancellationToken);
                    await HashRangeAsync(input!, checkpoint.Offset, done[^1].EndOffset, prefix, cancellationToken);
                    checkpoint.Offset = done[^1].EndOffset;
                    checkpoint.Line = done[^1].Number;
                    checkpoint.PrefixSha256 = Convert.ToHexStringLower(prefix.GetCurrentHash());
                    await SaveCheckpointAsync(checkpointPath, checkpoint, cancellationToken);
                    meter.Update(checkpoint.Offset, totals, clock.Elapsed, thisRun.Lines);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (Exception ex) when (TransientFailures.IsTransient(ex))
            {
                // The database stayed away past the outage retries: what is committed stays, the rest waits for a rerun.
                outage = ex.GetType().Name;
            }
            finally
            {
                // Batches still in flight finish (or fail) before the host goes; what they committed beyond the
                // checkpoint is read again next time and recognised as duplicates.
                foreach (var (_, _, pending) in inFlight)
                {
                    try
                    {
                        await pending;
                    }
#pragma warning disable CA1031 // Their outcome is not counted: the checkpoint does not cover them.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                }
            }
        }

        meter.Finish();
        if (outage is not null)
        {
            await output.WriteLineAsync($"The database did not answer ({outage}) after line {checkpoint.Line}; every line up to it is committed. Run the same command again once it is back (checkpoint {checkpointPath}).");
            await WriteSummaryAsync(output, totals, clock.Elapsed, thisRun.Lines, null);
            return 3;
        }

        // A run stopped by --limit before the end is not complete: the next run continues after its last line.
        var reachedEnd = limit is null || checkpoint.Offset >= length;
        await RecordRunAsync(scopes, time, operatorName!, feed, fileName, firstLine, checkpoint, thisRun, startedAt, completed: !interrupted && reachedEnd);
        if (interrupted)
        {
            await output.WriteLineAsync($"Interrupted after line {checkpoint.Line}; every line up to it is committed. Run the same command again to continue (checkpoint {checkpointPath}).");
            await WriteSummaryAsync(output, totals, clock.Elapsed, thisRun.Lines, null);
            return 130;
        }

        var ingestTime = clock.Elapsed;
        int? evaluated = null;
        if (!args.Contains("--no-flags"))
        {
            evaluated = await EvaluateFlagsAsync(services, progress, cancellationToken);
        }

        checkpoint.Completed = reachedEnd;
        await SaveCheckpointAsync(checkpointPath, checkpoint, cancellationToken);
        if (!checkpoint.Completed)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Stopped after {thisRun.Lines:N0} lines as asked (--limit), at line {checkpoint.Line:N0}; run again to continue."));
        }

        await WriteSummaryAsync(output, totals, ingestTime, thisRun.Lines, evaluated, clock.Elapsed - ingestTime);
        if (totals.Rejected + totals.Failed > 0)
        {
            await output.WriteLineAsync($"Rejected and failed lines, with their codes and reasons: {reportPath}. Failed lines are a fault of InfoSharing's: `replay --agency {agency}` processes them again once it is fixed.");
        }

        return totals.Failed > 0 ? 1 : 0;
    }

    /// <summary>The message id of a loaded line: its content, so the same record loaded twice is one message.</summary>
    public static string MessageIdOf(ReadOnlySpan<byte> body) => "load-" + Convert.ToHexStringLower(SHA256.HashData(body))[..40];

    private static async Task<Checkpoint?> OpenCheckpointAsync(string path, string feed, string input, bool restart, TextWriter output, CancellationToken cancellationToken)
    {
        var fresh = new Checkpoint { Feed = feed, PrefixSha256 = Convert.ToHexStringLower(SHA256.HashData([])), Totals = new Totals() };
        if (restart || !File.Exists(path))
        {
            return fresh;
        }

        Checkpoint? saved;
        try
        {
            saved = JsonSerializer.Deserialize<Checkpoint>(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (JsonException)
        {
            saved = null;
        }

        if (saved is null || saved.Feed != feed || saved.Offset < 0 || saved.Offset > new FileInfo(input).Length)
        {
            await output.WriteLineAsync($"The checkpoint {path} is not one of this input and feed. Remove it, or run with --restart (lines already loaded are recognised as duplicates).");
            return null;
        }

        await using var stream = File.OpenRead(input);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await HashPrefixAsync(stream, saved.Offset, hash, cancellationToken);
        if (Convert.ToHexStringLower(hash.GetCurrentHash()) != saved.PrefixSha256)
        {
            await output.WriteLineAsync($"{input} has changed before the checkpoint's offset since the load was interrupted. Run with --restart to read it from the beginning (lines already loaded are recognised as duplicates).");
            return null;
        }

        if (!saved.Completed && saved.Offset > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Resuming after line {saved.Line:N0} ({saved.Offset:N0} bytes) of an earlier run."));
        }

        return saved;
    }

    /// <summary>Positions the stream at <paramref name="offset"/>, hashing what comes before it.</summary>
    private static Task HashPrefixAsync(FileStream stream, long offset, IncrementalHash hash, CancellationToken cancellationToken) =>
        AppendAsync(stream, 0, offset, hash, cancellationToken);

    /// <summary>Adds the bytes [from, to) of the input to the running hash (read again: the batch's lines may be truncated copies).</summary>
    private static async Task HashRangeAsync(string input, long from, long to, IncrementalHash hash, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await AppendAsync(stream, from, to, hash, cancellationToken);
    }

    private static async Task AppendAsync(FileStream stream, long from, long to, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var left = to - from;
        stream.Position = from;
        while (left > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }
    }

    private static async Task SaveCheckpointAsync(string path, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        // Written aside and renamed: a kill while writing leaves the previous checkpoint whole.
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(checkpoint), CancellationToken.None);
        File.Move(temporary, path, overwrite: true);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void Count(Totals totals, IReadOnlyList<IngestOutcome> outcomes)
    {
        totals.Lines += outcomes.Count;
        totals.Accepted += outcomes.Count(o => o == IngestOutcome.Accepted);
        totals.Duplicates += outcomes.Count(o => o == IngestOutcome.Duplicate);
        totals.Rejected += outcomes.Count(o => o == IngestOutcome.Rejected);
        totals.Failed += outcomes.Count(o => o == IngestOutcome.Failed);
    }

    /// <summary>The code and reason of each line of the batch that was rejected or set aside, to the report and the counts by code.</summary>
    private static async Task ReportProblemsAsync(
        IServiceScopeFactory scopes, string agency, List<Line> lines, List<InboundDelivery> deliveries, IReadOnlyList<IngestOutcome> outcomes,
        StreamWriter report, Totals[] counts, CancellationToken cancellationToken)
    {
        var problems = Enumerable.Range(0, lines.Count).Where(i => outcomes[i] is IngestOutcome.Rejected or IngestOutcome.Failed).ToList();
        if (problems.Count == 0)
        {
            return;
        }

        var ids = problems.Select(i => deliveries[i].MessageId!).ToArray();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var stored = await db.InboundMessages.AsNoTracking()
            .Where(m => m.Agency == agency && ids.Contains(m.MessageId!))
            .Select(m => new { m.MessageId, m.ErrorCode, m.Error })
            .ToDictionaryAsync(m => m.MessageId!, cancellationToken);
        foreach (var i in problems)
        {
            var code = stored.TryGetValue(deliveries[i].MessageId!, out var row) ? row.ErrorCode ?? "unknown" : "unknown";
            var reason = row?.Error ?? string.Empty;
            foreach (var totals in counts)
            {
                totals.RejectedByCode[code] = totals.RejectedByCode.GetValueOrDefault(code) + 1;
            }

            // The reason is InfoSharing's own text (it names paths and limits, never a value from the body).
            await report.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{lines[i].Number}\t{outcomes[i].ToString().ToLowerInvariant()}\t{code}\t{reason.ReplaceLineEndings(" ").Replace('\t', ' ')}"));
        }
    }

    /// <summary>Runs the flags stage until no child waits for evaluation; returns how many evaluations this process made.</summary>
    private static async Task<int> EvaluateFlagsAsync(IServiceProvider services, TextWriter progress, CancellationToken cancellationToken)
    {
        var stage = services.GetRequiredService<FlagStage>();
        var batch = services.GetRequiredService<IOptions<FlagStageOptions>>().Value.BatchSize;
        var evaluated = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var taken = await stage.ProcessOnceAsync(batch, cancellationToken);
            if (taken == 0)
            {
                break;
            }

            evaluated += taken;
            if (clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"flags: {evaluated:N0} children evaluated"));
                clock.Restart();
            }
        }

        return evaluated;
    }

    private static async Task RecordRunAsync(
        IServiceScopeFactory scopes, TimeProvider time, string operatorName, string feed, string fileName, long firstLine, Checkpoint checkpoint,
        Totals thisRun, DateTimeOffset startedAt, bool completed)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        db.Record(
            Kind,
            $"operator:{operatorName}",
            time.GetUtcNow(),
            [],
            new
            {
                feed,
                file = fileName,
                fromLine = firstLine,
                toLine = checkpoint.Line,
                inputSha256ToLine = checkpoint.PrefixSha256,
                lines = thisRun.Lines,
                accepted = thisRun.Accepted,
                duplicates = thisRun.Duplicates,
                rejected = thisRun.Rejected,
                failed = thisRun.Failed,
                startedAt,
                completed,
                osUser = Environment.UserName,
                host = Environment.MachineName,
            },
            purpose: $"{PurposesOfUse.SystemSupport}: history load");
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task WriteSummaryAsync(TextWriter output, Totals totals, TimeSpan ingest, long linesThisRun, int? evaluated, TimeSpan? flagsTime = null)
    {
        var rate = ingest.TotalSeconds > 0 ? linesThisRun / ingest.TotalSeconds : 0;
        var culture = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(
            string.Create(culture, $"lines {totals.Lines:N0}: accepted {totals.Accepted:N0}, duplicates {totals.Duplicates:N0}, rejected {totals.Rejected:N0}, failed {totals.Failed:N0}")
            + (linesThisRun > 0 ? string.Create(culture, $" | this run {linesThisRun:N0} lines in {ingest.TotalSeconds:F1} s ({rate:N0} lines/s)") : string.Empty)
            + (evaluated is { } e ? string.Create(culture, $" | flags: {e:N0} child evaluations in {flagsTime?.TotalSeconds ?? 0:F1} s; flag messages are sent by the running worker's outbox") : string.Empty));
        if (totals.RejectedByCode.Count > 0)
        {
            await output.WriteLineAsync("by code: " + string.Join(", ", totals.RejectedByCode.OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}"))));
        }
    }

    private static readonly string[] ValueOptions = ["--feed", "--input", "--operator", "--message-type", "--batch", "--parallel", "--limit", "--checkpoint", "--report"];

    private static readonly string[] Switches = ["--no-flags", "--restart"];

    /// <summary>An option this command does not have, or one without its value: refused, never ignored (a mistyped --limit would load everything).</summary>
    private static string? UnknownOption(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (ValueOptions.Contains(args[i]))
            {
                if (i + 1 >= args.Count)
                {
                    return $"{args[i]} needs a value.";
                }

                i++;
            }
            else if (!Switches.Contains(args[i]))
            {
                return $"Unknown argument {(args[i].Length <= 40 ? args[i] : args[i][..40] + "...")}.";
            }
        }

        return null;
    }

    private static string? Argument(IReadOnlyList<string> args, string name) => RetentionPurge.Argument(args, name);

    /// <summary>
    /// Reads lines of at most <c>max</c> bytes (a longer line is kept to its first max + 1 bytes, which the processor
    /// rejects message-too-large without storing); blank lines and a final line without a newline are handled.
    /// </summary>
    private sealed class LineReader(Stream stream, int max, long lineNumber)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private long _offset = stream.Position;
        private long _line = lineNumber;

        public async Task<List<Line>> ReadBatchAsync(int count, CancellationToken cancellationToken)
        {
            var lines = new List<Line>(count);
            while (lines.Count < count && await ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Body.Length > 0)
                {
                    lines.Add(line);
                }
            }

            return lines;
        }

        private async Task<Line?> ReadLineAsync(CancellationToken cancellationToken)
        {
            using var line = new MemoryStream();
            var any = false;
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, cancellationToken);
                    if (_end == 0)
                    {
                        return any ? Finish(line) : null;
                    }
                }

                any = true;
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                var keep = (int)Math.Min(stop - _start, Math.Max(0, max + 1 - line.Length));
                line.Write(_buffer, _start, keep);
                _offset += stop - _start;
                _start = stop;
                if (newline >= 0)
                {
                    _start++;
                    _offset++;
                    return Finish(line);
                }
            }
        }

        private Line Finish(MemoryStream line)
        {
            _line++;
            var body = line.ToArray();
            var length = body.Length;
            while (length > 0 && body[length - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
            {
                length--;
            }

            return new Line(_line, length == body.Length ? body : body[..length], _offset);
        }
    }

    /// <summary>A progress bar on a terminal; a line every 10 seconds otherwise.</summary>
    private sealed class ProgressMeter(TextWriter writer, long length, long startOffset)
    {
        private readonly bool _terminal = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
        private TimeSpan? _last;

        public void Update(long offset, Totals totals, TimeSpan elapsed, long linesThisRun)
        {
            if (_last is { } last && elapsed - last < (_terminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(10)))
            {
                return;
            }

            _last = elapsed;
            var fraction = length == 0 ? 1 : (double)offset / length;
            var rate = elapsed.TotalSeconds > 0 ? linesThisRun / elapsed.TotalSeconds : 0;
            var bytesRate = elapsed.TotalSeconds > 0 ? (offset - startOffset) / elapsed.TotalSeconds : 0;
            var eta = bytesRate > 0 ? TimeSpan.FromSeconds((length - offset) / bytesRate) : TimeSpan.Zero;
            var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
            var text = string.Create(CultureInfo.InvariantCulture,
                $"[{bar}] {fraction * 100,5:F1}% line {totals.Lines:N0}: accepted {totals.Accepted:N0}, duplicates {totals.Duplicates:N0}, rejected {totals.Rejected:N0}, failed {totals.Failed:N0} | {rate:N0} lines/s, {eta:hh\\:mm\\:ss} left");
            if (_terminal)
            {
                writer.Write("\r" + text);
            }
            else
            {
                writer.WriteLine(text);
            }
        }

        public void Finish()
        {
            if (_terminal)
            {
                writer.WriteLine();
            }
        }
    }
}
