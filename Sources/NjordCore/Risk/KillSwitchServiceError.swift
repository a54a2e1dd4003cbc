/// Why the bus kill switch refused a request.
public enum KillSwitchServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state machine refused the transition (e.g. a reset without a reason).
    case refused(KillSwitchError)
    /// The bus (the authority) did not answer, so a reset cannot be made; carries why.
    case authorityUnreachable(String)
    /// The local file could not be written.
    case store(KillSwitchStoreError)

    public var description: String {
        switch self {
        case .refused(let error): KillSwitchStoreError.refused(error).description
        case .authorityUnreachable(let why): "reset refused, the kill switch authority is unreachable: \(why)"
        case .store(let error): error.description
        }
    }
}
