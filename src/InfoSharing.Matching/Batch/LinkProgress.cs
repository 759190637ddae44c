namespace InfoSharing.Matching.Batch;

/// <summary>Where a batch run is: a stage name and how much of it is done.</summary>
public readonly record struct LinkProgress(string Stage, long Done, long Total);
