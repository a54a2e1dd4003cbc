import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// GETs of Binance's public REST endpoints: the body as text, or an error naming the URL and the
/// status. Completion runs on URLSession's queue; the caller hops back to its own thread.
final class BinanceRESTClient: Sendable {
    private let session: URLSession

    init(timeoutSeconds: Double = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        // No response cache. A depth snapshot or exchange info must come from the venue, never from
        // a cache; and corelibs-foundation traps the process when `invalidateAndCancel` (the venue's
        // stop) cancels a task while its cache lookup runs on a background queue.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    func get(_ url: String, completion: @escaping @Sendable (Result<String, BinanceRESTError>) -> Void) {
        guard let target = URL(string: url) else {
            completion(.failure(.badURL(url)))
            return
        }
        session.dataTask(with: target) { data, response, error in
            if let error {
                completion(.failure(.transport(url: url, reason: "\(error.localizedDescription)")))
                return
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200, let data else {
                completion(.failure(.status(url: url, code: status)))
                return
            }
            completion(.success(String(decoding: data, as: UTF8.self)))
        }.resume()
    }

    func invalidate() { session.invalidateAndCancel() }
}

/// Why a REST request failed.
public enum BinanceRESTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL could not be formed from the configured base.
    case badURL(String)
    /// The request did not complete (connection refused, timeout, …).
    case transport(url: String, reason: String)
    /// The server answered with a status other than 200.
    case status(url: String, code: Int)

    public var description: String {
        switch self {
        case .badURL(let url): "bad URL '\(url)'"
        case .transport(let url, let reason): "GET \(url) failed: \(reason)"
        case .status(let url, let code): "GET \(url) answered HTTP \(code)"
        }
    }
}
