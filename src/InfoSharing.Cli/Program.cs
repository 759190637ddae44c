using InfoSharing.Cli;

// Exit codes: 0 done, 1 the run failed (bad input data), 2 the command line is wrong.
return args switch
{
    ["link", .. var rest] => Run(() => LinkCommand.Run(LinkOptions.Parse(rest), Console.Error)),
    ["terminology", "build", .. var rest] => Run(() => TerminologyBuildCommand.Run(rest, Console.Out)),
    ["--help" or "-h" or "help"] => Usage(0),
    _ => Usage(2),
};

static int Run(Func<int> command)
{
    try
    {
        return command();
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine();
        return Usage(2);
    }
    catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException or System.Text.Json.JsonException)
    {
        Console.Error.WriteLine($"failed: {e.Message}");
        return 1;
    }
}

static int Usage(int code)
{
    Console.Error.WriteLine(LinkOptions.Usage);
    Console.Error.WriteLine(TerminologyBuildCommand.Usage);
    return code;
}
