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
}
