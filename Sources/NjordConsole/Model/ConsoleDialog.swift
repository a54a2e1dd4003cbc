/// A modal question on top of the current screen; keys go to it until it closes.
public enum ConsoleDialog: Hashable, Sendable {
    /// "Trip the kill switch?": `y` confirms, any other key cancels.
    case confirmTrip
    /// The reset needs the word RESET typed, then Enter; Esc cancels.
    case confirmReset(typed: String)
    /// "Quit while `running` launched jobs still run?": they keep running either way; `y` quits.
    case confirmQuit(running: Int)
}
