import CMalloc

/// How a worker's allocator keeps memory between jobs.
///
/// Every job allocates the same few large buffers (the bar series, the equity curve and the run
/// files' bytes, 1–4 MB each for a month of minute bars). glibc serves blocks that large with a
/// fresh `mmap` and unmaps them on free, so each job faulted in and zeroed megabytes again until
/// glibc's dynamic threshold caught up, a dozen jobs later: a worker's first jobs ran 20–30 %
/// slower than its later ones, which weighs most in short sweeps split across workers. With the
/// thresholds raised, freed blocks stay in the heap for the next job; an idle worker then holds
/// about its largest job's memory, until it exits (`--idle-exit`).
public enum WorkerMemory {
    public static let mmapThresholdBytes: Int32 = 64 << 20
    public static let trimThresholdBytes: Int32 = 256 << 20

    /// Applies the thresholds to this process; called once at start, before the first job.
    public static func keepBlocksBetweenJobs() {
        _ = mallopt(M_MMAP_THRESHOLD, mmapThresholdBytes)
        _ = mallopt(M_TRIM_THRESHOLD, trimThresholdBytes)
    }
}
