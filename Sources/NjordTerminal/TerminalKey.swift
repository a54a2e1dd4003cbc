/// A key the terminal read, with curses' key codes already translated, so that no module but this
/// one needs to know them.
public enum TerminalKey: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (wide characters included).
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    /// The terminal changed size; the next frame must be laid out again.
    case resize
    /// A control key, `ctrl(3)` being Ctrl-C when the terminal delivers it as a key.
    case control(UInt8)
    /// A function or special key this enum does not name, by its curses code.
    case other(Int32)

    public var description: String {
        switch self {
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .resize: "resize"
        case .control(let byte): "C-\(Character(Unicode.Scalar(byte + 96)))"
        case .other(let code): "key\(code)"
        }
    }
}
