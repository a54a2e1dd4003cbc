/// What the runtime must do after a key: nothing, redraw, act on the world, or leave. Key
/// handling never draws and never does I/O itself (htop's `HTOP_REFRESH | QUIT` reactions).
public enum ConsoleReaction: Hashable, Sendable {
    case none
    case redraw
    /// Trip the kill switch (the operator confirmed with `y`).
    case tripKillSwitch
    /// Reset the kill switch (the operator typed RESET and Enter).
    case resetKillSwitch
    case quit
    /// Launch the run the Backtests form describes (the runtime names it and spawns it detached).
    case launchBacktest
    /// Read the run `id`'s detail (metrics and equity) for the detail view.
    case openRun(String)
}
