// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {BridgedToken} from "./BridgedToken.sol";
import {Refund, Release, TokenMode} from "./BridgeTypes.sol";

/// @title Bridge
/// @notice One contract per chain, both ends of every route: `lock` takes tokens in and emits
/// `Locked` for the signer quorum; `release`/`releaseBatch` pay out transfers from other chains
/// once the threshold group (one ECDSA address) has signed them with EIP-712.
/// @dev Trust model: a release is accepted only with a signature recovering to the stored group
/// signer, for a deposit from a registered (source chain, source bridge) peer, not released
/// before, within the token's per-transfer and rolling 24 h caps, while not paused. The release
/// path can only transfer or mint a configured token to a recipient; it makes no other call.
/// No proxy: the code is fixed at deployment. Decisions are documented in docs/contracts.md.
contract Bridge is EIP712, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- constants

    /// @notice EIP-712 type hash of `Release`.
    bytes32 public constant RELEASE_TYPEHASH = keccak256(
        "Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)"
    );

    /// @notice EIP-712 type hash of `ReleaseBatch` (the referenced `Release` type appended).
    bytes32 public constant RELEASE_BATCH_TYPEHASH = keccak256(
        "ReleaseBatch(Release[] releases)Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)"
    );

    /// @notice EIP-712 type hash of `Refund` (source side: pays back a deposit voided on its destination).
    bytes32 public constant REFUND_TYPEHASH =
        keccak256("Refund(uint256 dstChainId,address dstBridge,uint256 nonce,address token,address to,uint256 amount)");

    /// @notice Role that may pause the bridge immediately (and cancel scheduled operations).
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice Highest fee the admin can set, in basis points (5 %).
    uint16 public constant MAX_FEE_BPS = 500;

    /// @notice Highest token decimals a route accepts; keeps every 10**diff inside uint256.
    uint8 public constant MAX_DECIMALS = 36;

    /// @notice Longest timelock accepted at deployment.
    uint64 public constant MAX_TIMELOCK_DELAY = 30 days;

    /// @notice How long a scheduled operation stays executable after its delay has passed; later it
    /// has expired and must be scheduled again (with a fresh delay, so observers get fresh notice).
    uint256 public constant OPERATION_GRACE_PERIOD = 14 days;

    /// @notice Width of one rolling-cap bucket; seven buckets (the current one and the six
    /// before it) are counted, so every 24 h window lies inside the counted span.
    uint256 public constant CAP_BUCKET_SECONDS = 4 hours;

    uint256 private constant CAP_RING = 7;
    uint256 private constant MASK32 = 0xffffffff;
    /// Caps are tracked in quanta of ceil(dailyCap / 2**31) so seven 32-bit bucket counters fit
    /// one storage slot with the bucket index; release amounts are rounded up to whole quanta.
    uint256 private constant CAP_RESOLUTION = 1 << 31;
    uint256 private constant SWAR_32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    uint256 private constant SWAR_64 = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    uint256 private constant BPS = 10_000;
    uint256 private constant REPLAY_BITS_PER_WORD = 255;
    uint256 private constant REPLAY_SENTINEL = 1;
    uint256 private constant MAX_PREWARM_WORDS = 64;
    bytes32 private constant OP_UNPAUSE = keccak256("Bridge.unpause");
    bytes32 private constant OP_ROTATE_SIGNER = keccak256("Bridge.rotateGroupSigner");
    bytes32 private constant OP_ROTATE_AND_UNPAUSE = keccak256("Bridge.rotateGroupSignerAndUnpause");
    /// What an operation's id binds, kept for `operationState`: bit 255 the signer epoch (in bits
    /// 127..253), bit 254 the pause epoch (bits 0..126) while paused.
    uint256 private constant BINDS_SIGNER_EPOCH = 1 << 255;
    uint256 private constant BINDS_PAUSE_EPOCH = 1 << 254;
    uint256 private constant MASK127 = (1 << 127) - 1;
    bytes32 private constant OP_VOID_DEPOSIT = keccak256("Bridge.voidDeposit");

    // ---------------------------------------------------------------- storage

    /// Per local token, one slot: read once per release.
    struct TokenConfig {
        TokenMode mode;
        bool lockAllowed;
        uint8 decimals;
        uint32 capUnits; // rolling 24 h cap, in quanta
        uint96 quantum; // token units per cap quantum (>= 1)
        uint104 maxPerTransfer; // per-transfer cap, token units
    }

    /// Lock-side route of (local token, destination chain).
    struct Route {
        address dstToken;
        uint8 dstDecimals;
    }

    // Packs with Pausable._paused: one cold slot serves whenNotPaused, the signer and lock's nonce/fee.
    address private _groupSigner;
    uint64 private _lastNonce;
    uint16 private _feeBps;

    address private _treasury;
    uint256 private _pauseEpoch;
    /// Number of executed signer rotations; part of the rotation operation id, so a rotation
    /// scheduled before another one ran can never execute afterwards.
    uint256 private _signerEpoch;

    /// @notice Timelock for unpause and signer rotation, fixed at deployment.
    uint64 public immutable timelockDelay;

    mapping(address token => TokenConfig) private _tokens;
    /// Rolling-cap state per token: bits 0..31 current bucket index, bits 32*(1+i).. the quanta
    /// released in the bucket at ring position i.
    mapping(address token => uint256) private _windows;
    mapping(address srcToken => mapping(uint256 dstChainId => Route)) private _routes;
    mapping(uint256 srcChainId => mapping(address srcBridge => bool)) private _trustedSources;
    /// Replay bitmap per source: nonce n is bit 1 + n % 255 of word n / 255. Bit 0 of a word is
    /// a sentinel that `prewarmReplayWords` may set ahead of time, so the first release landing in
    /// a word does not pay for turning a zero slot non-zero (20k gas) on the critical path.
    mapping(uint256 srcChainId => mapping(address srcBridge => mapping(uint256 word => uint256 bits))) private
        _releasedBits;
    mapping(bytes32 operationId => uint256 readyAt) private _readyAt;
    /// How an operation that is no longer scheduled ended (NONE, EXECUTED or CANCELLED).
    mapping(bytes32 operationId => OperationState) private _closedOperations;
    /// The epochs a scheduled operation's id binds (BINDS_* flags), to report it VOID once they moved.
    mapping(bytes32 operationId => uint256 binding) private _operationBindings;
    /// Every group signer rotated away from: never the group signer again, so none of its
    /// signatures (made, leaked or forced while it was live) can ever release.
    mapping(address signer => bool) private _retiredSigners;

    /// @notice Life cycle of a timelocked operation, as `operationState` reports it.
    enum OperationState {
        NONE, // never scheduled
        PENDING, // scheduled, delay not over
        READY, // executable (from readyAt until readyAt + OPERATION_GRACE_PERIOD)
        EXPIRED, // grace period over without execution: void; cancel it or schedule it again
        EXECUTED,
        CANCELLED,
        VOID // scheduled, but can never execute: another rotation executed, or its pause ended
    }
    /// Refund bitmap over this bridge's own lock nonces, laid out like `_releasedBits`.
    mapping(uint256 word => uint256 bits) private _refundedBits;

    // ---------------------------------------------------------------- events

    /// @notice Tokens were locked (or burned) here for `recipient` on `dstChainId`.
    /// @param dstChainId destination chain
    /// @param nonce this bridge's lock counter, unique per bridge, starting at 1
    /// @param srcToken token taken in on this chain
    /// @param dstToken token the destination bridge releases
    /// @param sender account that locked
    /// @param recipient account that receives on the destination chain
    /// @param amount amount in destination-token units, from the balance the bridge actually gained, net of fee
    /// @param received what the bridge's balance of `srcToken` gained, source units (before the fee)
    /// @param fee what went to the treasury, source units; `received - fee` stayed in custody (or was burned)
    event Locked(
        uint256 indexed dstChainId,
        uint256 indexed nonce,
        address indexed srcToken,
        address dstToken,
        address sender,
        address recipient,
        uint256 amount,
        uint256 received,
        uint256 fee
    );

    /// @notice A deposit from another chain was paid out here.
    /// @dev Indexed: the deposit id (point lookup "was this lock paid", the join key with the
    /// source's `Locked`), the source chain (per-route reconciliation filters on it) and the
    /// recipient (wallets and explorers find incoming transfers). The source bridge, nonce, token
    /// and amount are data: a bridge has few peers and tokens, so reconciliation reads them all.
    /// @param depositId keccak256(abi.encode(srcChainId, srcBridge, nonce))
    /// @param srcChainId chain the deposit was locked on
    /// @param recipient account paid
    /// @param srcBridge bridge that emitted the `Locked` event on the source chain
    /// @param nonce that bridge's lock nonce (the `Locked` event's nonce)
    /// @param token token transferred or minted
    /// @param amount amount in this token's units
    event Released(
        bytes32 indexed depositId,
        uint256 indexed srcChainId,
        address indexed recipient,
        address srcBridge,
        uint256 nonce,
        address token,
        uint256 amount
    );

    /// @notice A batch entry was not paid because its deposit was already released (by a single
    /// release, an earlier batch, or an earlier entry of the same batch); the rest of the batch went on.
    /// @param depositId the deposit skipped
    event ReleaseSkipped(bytes32 indexed depositId);

    /// @notice A deposit from another chain was voided here: it can never be released; the group
    /// may sign a refund for it on its source once this event is final.
    /// @param depositId keccak256(abi.encode(srcChainId, srcBridge, nonce))
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the deposit's nonce
    event DepositVoided(bytes32 indexed depositId, uint256 indexed srcChainId, address srcBridge, uint256 nonce);

    /// @notice A deposit locked here was paid back to its sender after it was voided on its destination.
    /// @param nonce this bridge's lock nonce of the deposit
    /// @param token token paid back (transferred from custody or minted)
    /// @param to the deposit's sender
    /// @param amount amount in this token's units
    /// @param dstChainId the deposit's destination chain
    event Refunded(
        uint256 indexed nonce, address indexed token, address indexed to, uint256 amount, uint256 dstChainId
    );

    /// @notice A local token was configured.
    /// @param token the token
    /// @param mode custody or mint/burn
    /// @param decimals the token's decimals as recorded for scaling
    event TokenConfigured(address indexed token, TokenMode mode, uint8 decimals);

    /// @notice A token was added to or removed from the lock allowlist.
    /// @param token the token
    /// @param allowed whether lock accepts it
    event TokenAllowlistSet(address indexed token, bool allowed);

    /// @notice Caps of a token changed.
    /// @param token the token
    /// @param maxPerTransfer per-transfer cap (token units)
    /// @param dailyCap effective rolling 24 h release cap (token units, rounded down to whole quanta)
    event TokenCapsSet(address indexed token, uint256 maxPerTransfer, uint256 dailyCap);

    /// @notice A route was set.
    /// @param srcToken local token
    /// @param dstChainId destination chain
    /// @param dstToken token on the destination chain
    /// @param dstDecimals its decimals
    event RouteSet(address indexed srcToken, uint256 indexed dstChainId, address dstToken, uint8 dstDecimals);

    /// @notice A route was removed.
    /// @param srcToken local token
    /// @param dstChainId destination chain
    event RouteRemoved(address indexed srcToken, uint256 indexed dstChainId);

    /// @notice A source bridge was trusted or distrusted.
    /// @param srcChainId source chain
    /// @param srcBridge bridge contract on that chain
    /// @param trusted whether releases from it are accepted
    event TrustedSourceSet(uint256 indexed srcChainId, address indexed srcBridge, bool trusted);

    /// @notice The lock fee changed.
    /// @param feeBps new fee in basis points
    event FeeSet(uint16 feeBps);

    /// @notice The fee treasury changed.
    /// @param treasury new treasury
    event TreasurySet(address indexed treasury);

    /// @notice A timelocked operation was scheduled.
    /// @param id operation id
    /// @param kind keccak256 of the operation name
    /// @param target new group signer for a rotation (with or without unpause), source bridge for a
    /// void, zero for unpause
    /// @param readyAt earliest execution time
    event OperationScheduled(bytes32 indexed id, bytes32 indexed kind, address target, uint256 readyAt);

    /// @notice A scheduled operation was cancelled.
    /// @param id operation id
    event OperationCancelled(bytes32 indexed id);

    /// @notice A scheduled operation was executed.
    /// @param id operation id
    event OperationExecuted(bytes32 indexed id);

    /// @notice The group signer changed.
    /// @param previous old group address
    /// @param current new group address
    event GroupSignerRotated(address indexed previous, address indexed current);

    // ---------------------------------------------------------------- errors

    /// @notice This deposit was already released.
    /// @param depositId the deposit
    error AlreadyReleased(bytes32 depositId);
    /// @notice This deposit was already refunded.
    /// @param nonce the deposit's lock nonce
    error AlreadyRefunded(uint256 nonce);
    /// @notice No lock here ever had this nonce (zero, or above lastNonce()).
    /// @param nonce the nonce given
    error NotLocked(uint256 nonce);
    /// @notice The signature is not exactly 65 bytes (r, s, v); compact forms are refused.
    /// @param length the length given
    error InvalidSignatureLength(uint256 length);
    /// @notice The signature's v is not 27 or 28.
    /// @param v the v given
    error InvalidSignatureV(uint8 v);
    /// @notice The signature's s is in the upper half of the curve order (malleable form).
    /// @param s the s given
    error InvalidSignatureS(bytes32 s);
    /// @notice The signature does not recover to any address.
    error InvalidSignature();
    /// @notice The signature recovers to an address other than the group signer.
    /// @param recovered the address it recovers to
    error SignerMismatch(address recovered);
    /// @notice The (source chain, source bridge) pair is not a registered peer.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    error UntrustedSource(uint256 srcChainId, address srcBridge);
    /// @notice Nonce 0 is never issued and never valid.
    error InvalidNonce();
    /// @notice The recipient is zero or the bridge itself.
    /// @param recipient the recipient given
    error InvalidRecipient(address recipient);
    /// @notice A zero amount (given, received, or after scaling).
    error ZeroAmount();
    /// @notice The amount is above the token's per-transfer cap.
    /// @param token the token
    /// @param amount the amount
    /// @param cap the per-transfer cap
    error CapExceeded(address token, uint256 amount, uint256 cap);
    /// @notice The release would exceed the token's rolling 24 h cap.
    /// @param token the token
    /// @param amount the amount
    /// @param available what can still be released in the current window
    error RollingCapExceeded(address token, uint256 amount, uint256 available);
    /// @notice No route for this token and destination chain.
    /// @param srcToken the token
    /// @param dstChainId the destination
    error RouteNotFound(address srcToken, uint256 dstChainId);
    /// @notice The token is zero, has no code, or is the bridge itself.
    /// @param token the address given
    error NotAContract(address token);
    /// @notice The token is not on the lock allowlist.
    /// @param token the token
    error TokenNotAllowed(address token);
    /// @notice The token is not configured on this bridge.
    /// @param token the token
    error TokenNotConfigured(address token);
    /// @notice The token was configured before; mode and decimals never change.
    /// @param token the token
    error TokenAlreadyConfigured(address token);
    /// @notice The decimals given differ from what the token reports.
    /// @param reported the token's decimals()
    /// @param given the decimals given
    error DecimalsMismatch(uint8 reported, uint8 given);
    /// @notice Decimals above MAX_DECIMALS.
    /// @param decimals the decimals given
    error DecimalsTooLarge(uint8 decimals);
    /// @notice A BURN_MINT token must be a BridgedToken whose bridge is this contract.
    /// @param token the token
    error NotMintableByBridge(address token);
    /// @notice The amount does not convert exactly into destination units.
    /// @param amount the amount after fee, source units
    /// @param factor 10**(srcDecimals - dstDecimals)
    error InexactScaling(uint256 amount, uint256 factor);
    /// @notice The converted amount does not fit uint256.
    error ScalingOverflow();
    /// @notice A cap larger than storage holds.
    error CapTooLarge();
    /// @notice Fee above MAX_FEE_BPS.
    /// @param feeBps the fee given
    error FeeTooHigh(uint16 feeBps);
    /// @notice A required address is zero.
    error ZeroAddress();
    /// @notice The timelock delay is zero or above MAX_TIMELOCK_DELAY.
    /// @param delay the delay given
    error InvalidTimelockDelay(uint64 delay);
    /// @notice The operation is already scheduled.
    /// @param id operation id
    error OperationAlreadyScheduled(bytes32 id);
    /// @notice The operation is not scheduled (never, cancelled, executed, or stale).
    /// @param id operation id
    error OperationNotScheduled(bytes32 id);
    /// @notice The operation's grace period is over; schedule it again.
    /// @param id operation id
    /// @param expiredAt last time it could have been executed
    error OperationExpired(bytes32 id, uint256 expiredAt);
    /// @notice The operation's delay has not passed yet.
    /// @param id operation id
    /// @param readyAt earliest execution time
    error OperationNotReady(bytes32 id, uint256 readyAt);
    /// @notice The address is, or was, the group signer; a rotation must name a never-used address.
    /// @param signer the address given
    error SignerRetired(address signer);
    /// @notice The caller is neither admin nor guardian.
    /// @param caller the caller
    error NotAdminOrGuardian(address caller);
    /// @notice A batch with no releases.
    error EmptyBatch();
    /// @notice Every entry of the batch was already released: the batch would pay nothing.
    error BatchAlreadyReleased();
    /// @notice The nonce range is reversed or spans more than 64 bitmap words.
    /// @param firstNonce first nonce given
    /// @param lastNonce last nonce given
    error InvalidNonceRange(uint256 firstNonce, uint256 lastNonce);

    // ---------------------------------------------------------------- construction

    /// @notice Deploys the bridge.
    /// @param admin holds DEFAULT_ADMIN_ROLE: configuration, and timelocked unpause / signer rotation
    /// @param guardian holds GUARDIAN_ROLE: immediate pause, cancel scheduled operations
    /// @param initialGroupSigner the threshold group's address; never zero
    /// @param treasury_ receives lock fees
    /// @param timelockDelay_ seconds between scheduling and executing unpause or rotation (1 s .. 30 days)
    constructor(address admin, address guardian, address initialGroupSigner, address treasury_, uint64 timelockDelay_)
        EIP712("Bridge", "1")
    {
        if (
            admin == address(0) || guardian == address(0) || initialGroupSigner == address(0)
                || treasury_ == address(0)
        ) revert ZeroAddress();
        if (timelockDelay_ == 0 || timelockDelay_ > MAX_TIMELOCK_DELAY) revert InvalidTimelockDelay(timelockDelay_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, guardian);
        _groupSigner = initialGroupSigner;
        _treasury = treasury_;
        timelockDelay = timelockDelay_;
        emit GroupSignerRotated(address(0), initialGroupSigner);
        emit TreasurySet(treasury_);
    }

    // ---------------------------------------------------------------- lock side

    /// @notice Locks (or, for a bridged token, burns) `amount` of `srcToken` for `recipient` on `dstChainId`.
    /// @dev The event amount is computed from the bridge's balance change (fee-on-transfer tokens),
    /// minus the fee, scaled to destination decimals; lock reverts if scaling is not exact, so
    /// no round trip creates value. Needs an allowance of `amount` for this contract.
    /// @param srcToken allowlisted token on this chain
    /// @param amount amount to pull from the caller, source units
    /// @param dstChainId destination chain with a route for this token
    /// @param recipient account on the destination chain; never zero
    /// @return nonce the lock's nonce (also in the event)
    function lock(address srcToken, uint256 amount, uint256 dstChainId, address recipient)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 nonce)
    {
        if (srcToken.code.length == 0) revert NotAContract(srcToken);
        TokenConfig memory cfg = _tokens[srcToken];
        if (!cfg.lockAllowed) revert TokenNotAllowed(srcToken);
        Route memory r = _routes[srcToken][dstChainId];
        if (r.dstToken == address(0)) revert RouteNotFound(srcToken, dstChainId);
        if (recipient == address(0)) revert InvalidRecipient(recipient);
        if (amount == 0) revert ZeroAmount();

        IERC20 token = IERC20(srcToken);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received > cfg.maxPerTransfer) revert CapExceeded(srcToken, received, cfg.maxPerTransfer);

        (uint256 fee, uint256 net, uint256 dstAmount) = _convert(received, cfg.decimals, r.dstDecimals, _feeBps);
        if (fee != 0) token.safeTransfer(_treasury, fee);
        if (cfg.mode == TokenMode.BURN_MINT) BridgedToken(srcToken).burn(net);

        nonce = ++_lastNonce;
        emit Locked(dstChainId, nonce, srcToken, r.dstToken, msg.sender, recipient, dstAmount, received, fee);
    }

    /// @notice What `lock` would emit for a given received amount (before the token's own transfer fee).
    /// @param srcToken configured token with a route to `dstChainId`
    /// @param received amount the bridge would receive, source units
    /// @param dstChainId destination chain
    /// @return fee fee to the treasury, source units
    /// @return dstAmount amount in the `Locked` event, destination units
    function quoteLock(address srcToken, uint256 received, uint256 dstChainId)
        external
        view
        returns (uint256 fee, uint256 dstAmount)
    {
        Route memory r = _routes[srcToken][dstChainId];
        if (r.dstToken == address(0)) revert RouteNotFound(srcToken, dstChainId);
        (fee,, dstAmount) = _convert(received, _tokens[srcToken].decimals, r.dstDecimals, _feeBps);
    }

    /// Fee first, then exact scaling. When the destination has fewer decimals the fee is rounded
    /// down to a whole destination unit, so the fee never turns an exact amount into an inexact one.
    function _convert(uint256 received, uint8 srcDecimals, uint8 dstDecimals, uint16 feeBps_)
        private
        pure
        returns (uint256 fee, uint256 net, uint256 dstAmount)
    {
        if (received == 0) revert ZeroAmount();
        fee = received * feeBps_ / BPS;
        if (dstDecimals >= srcDecimals) {
            net = received - fee;
            uint256 factor = 10 ** (dstDecimals - srcDecimals);
            dstAmount = net * factor;
            if (dstAmount / factor != net) revert ScalingOverflow();
        } else {
            uint256 factor = 10 ** (srcDecimals - dstDecimals);
            fee -= fee % factor;
            net = received - fee;
            if (net % factor != 0) revert InexactScaling(net, factor);
            dstAmount = net / factor;
        }
        if (dstAmount == 0) revert ZeroAmount();
    }

    // ---------------------------------------------------------------- release side

    /// @notice Pays out one deposit from another chain, signed by the group.
    /// @param r the release; `token` and `amount` are in this chain's terms
    /// @param signature 65-byte (r, s, v) ECDSA signature over `hashRelease(r)`, low s, v in {27, 28}
    function release(Release calldata r, bytes calldata signature) external nonReentrant whenNotPaused {
        _verify(_hashTypedDataV4(_releaseStructHash(r)), signature);
        _release(r, false);
    }

    /// @notice Pays out several deposits under one group signature. An entry already released
    /// (front-run by a single release, say) is skipped with `ReleaseSkipped`; any other failing
    /// entry (cap, unconfigured token, a token refusing the transfer, ...) reverts the whole batch,
    /// and a batch in which every entry was already released reverts with `BatchAlreadyReleased`.
    /// @param rs the releases, in the order they were signed
    /// @param signature 65-byte (r, s, v) ECDSA signature over `hashReleaseBatch(rs)`
    function releaseBatch(Release[] calldata rs, bytes calldata signature) external nonReentrant whenNotPaused {
        uint256 n = rs.length;
        if (n == 0) revert EmptyBatch();
        _verify(_hashTypedDataV4(_batchStructHash(rs)), signature);
        bool paid;
        for (uint256 i; i < n; ++i) {
            if (_release(rs[i], true)) paid = true;
        }
        if (!paid) revert BatchAlreadyReleased();
    }

    /// @notice Full EIP-712 digest of one release for this bridge and chain.
    /// @param r the release
    /// @return the digest the group signs
    function hashRelease(Release calldata r) external view returns (bytes32) {
        return _hashTypedDataV4(_releaseStructHash(r));
    }

    /// @notice Full EIP-712 digest of a batch of releases for this bridge and chain.
    /// @param rs the releases
    /// @return the digest the group signs
    function hashReleaseBatch(Release[] calldata rs) external view returns (bytes32) {
        return _hashTypedDataV4(_batchStructHash(rs));
    }

    /// @notice Whether a deposit from a source was released here.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the deposit's nonce
    /// @return true once released
    function isReleased(uint256 srcChainId, address srcBridge, uint256 nonce) external view returns (bool) {
        (uint256 wordIndex, uint256 mask) = _replayBit(nonce);
        return _releasedBits[srcChainId][srcBridge][wordIndex] & mask != 0;
    }

    /// @notice The deposit id of a (source chain, source bridge, nonce).
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the nonce
    /// @return id keccak256(abi.encode(srcChainId, srcBridge, nonce))
    function depositIdOf(uint256 srcChainId, address srcBridge, uint256 nonce) public pure returns (bytes32 id) {
        // keccak256(abi.encode(...)) computed in scratch memory, without an allocation per release.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, srcChainId)
            mstore(add(m, 0x20), srcBridge)
            mstore(add(m, 0x40), nonce)
            id := keccak256(m, 0x60)
        }
    }

    /// @notice Pre-initialises the replay-bitmap words that will hold nonces `fromNonce`..`toNonce`
    /// of a trusted source, so no release later pays the zero-to-non-zero storage write. Anyone
    /// may call it (the caller pays); it only sets each word's sentinel bit, which never stands for
    /// a deposit, so it cannot mark anything released.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge (must be trusted)
    /// @param fromNonce first nonce of the range
    /// @param toNonce last nonce of the range (at most 64 words, 16320 nonces, per call)
    function prewarmReplayWords(uint256 srcChainId, address srcBridge, uint256 fromNonce, uint256 toNonce) external {
        if (!_trustedSources[srcChainId][srcBridge]) revert UntrustedSource(srcChainId, srcBridge);
        uint256 first = fromNonce / REPLAY_BITS_PER_WORD;
        uint256 last = toNonce / REPLAY_BITS_PER_WORD;
        if (toNonce < fromNonce || last - first >= MAX_PREWARM_WORDS) revert InvalidNonceRange(fromNonce, toNonce);
        mapping(uint256 => uint256) storage bits = _releasedBits[srcChainId][srcBridge];
        for (uint256 w = first; w <= last; ++w) {
            bits[w] |= REPLAY_SENTINEL;
        }
    }

    function _replayBit(uint256 nonce) private pure returns (uint256 wordIndex, uint256 mask) {
        wordIndex = nonce / REPLAY_BITS_PER_WORD;
        mask = REPLAY_SENTINEL << (1 + nonce % REPLAY_BITS_PER_WORD);
    }

    /// Checks, effects (replay bit, cap), then exactly one interaction: transfer or mint to the recipient.
    /// An entry already released reverts, or with `skipReleased` (batches) is skipped: returns false
    /// without paying or writing anything but the `ReleaseSkipped` event.
    function _release(Release calldata r, bool skipReleased) private returns (bool paid) {
        uint256 srcChainId = r.srcChainId;
        address srcBridge = r.srcBridge;
        uint256 nonce = r.nonce;
        address token = r.token;
        address recipient = r.recipient;
        uint256 amount = r.amount;

        if (nonce == 0) revert InvalidNonce();
        if (!_trustedSources[srcChainId][srcBridge]) revert UntrustedSource(srcChainId, srcBridge);
        if (recipient == address(0) || recipient == address(this)) revert InvalidRecipient(recipient);

        mapping(uint256 => uint256) storage bits = _releasedBits[srcChainId][srcBridge];
        (uint256 wordIndex, uint256 mask) = _replayBit(nonce);
        uint256 word = bits[wordIndex];
        bytes32 depositId = depositIdOf(srcChainId, srcBridge, nonce);
        if (word & mask != 0) {
            if (!skipReleased) revert AlreadyReleased(depositId);
            emit ReleaseSkipped(depositId);
            return false;
        }
        bits[wordIndex] = word | mask;

        TokenConfig memory cfg = _tokens[token];
        if (cfg.mode == TokenMode.NONE) revert TokenNotConfigured(token);
        if (amount == 0) revert ZeroAmount();
        if (amount > cfg.maxPerTransfer) revert CapExceeded(token, amount, cfg.maxPerTransfer);
        _consumeRollingCap(token, cfg, amount);

        if (cfg.mode == TokenMode.BURN_MINT) {
            BridgedToken(token).mint(recipient, amount);
        } else {
            IERC20(token).safeTransfer(recipient, amount);
        }
        emit Released(depositId, srcChainId, recipient, srcBridge, nonce, token, amount);
        return true;
    }

    function _verify(bytes32 digest, bytes calldata signature) private view {
        if (signature.length != 65) revert InvalidSignatureLength(signature.length);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert InvalidSignatureV(v);
        (address recovered, ECDSA.RecoverError err, bytes32 arg) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.InvalidSignatureS) revert InvalidSignatureS(arg);
        if (err != ECDSA.RecoverError.NoError || recovered == address(0)) revert InvalidSignature();
        if (recovered != _groupSigner) revert SignerMismatch(recovered);
    }

    /// keccak256(RELEASE_TYPEHASH ++ the six 32-byte fields), hashed straight from calldata in
    /// scratch memory (no allocation per entry of a batch). A field with dirty high bits would hash
    /// differently from the clean encoding the group signs and fail verification; `_release`
    /// reads every field through the ABI decoder, which also rejects dirty addresses.
    function _releaseStructHash(Release calldata r) internal pure returns (bytes32 h) {
        bytes32 typeHash = RELEASE_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            calldatacopy(add(m, 0x20), r, 0xc0)
            h := keccak256(m, 0xe0)
        }
    }

    function _batchStructHash(Release[] calldata rs) private pure returns (bytes32) {
        uint256 n = rs.length;
        bytes32[] memory hashes = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            hashes[i] = _releaseStructHash(rs[i]);
        }
        // EIP-712 array member: keccak256 of the concatenated struct hashes (the array's body).
        bytes32 arrayHash;
        assembly ("memory-safe") {
            arrayHash := keccak256(add(hashes, 0x20), mul(n, 0x20))
        }
        return keccak256(abi.encode(RELEASE_BATCH_TYPEHASH, arrayHash));
    }

    // ---------------------------------------------------------------- rolling cap

    /// Seven 4 h buckets (current + six previous) are summed: a 24 h window ending at any release
    /// lies inside them, so what was released in any 24 h window never exceeds the cap.
    function _consumeRollingCap(address token, TokenConfig memory cfg, uint256 amount) private {
        uint256 q = cfg.quantum;
        uint256 units = (amount + q - 1) / q;
        uint256 w = _advance(_windows[token]);
        uint256 used = _windowSum(w);
        if (used + units > cfg.capUnits) {
            revert RollingCapExceeded(token, amount, cfg.capUnits > used ? (cfg.capUnits - used) * q : 0);
        }
        // used + units <= capUnits <= 2**31, so the bucket counter cannot overflow its 32 bits.
        w += units << (32 * (1 + (w & MASK32) % CAP_RING));
        _windows[token] = w;
    }

    /// Moves the window to the current bucket, clearing buckets that fell out of the counted span.
    function _advance(uint256 w) private view returns (uint256) {
        uint256 last = w & MASK32;
        uint256 current = block.timestamp / CAP_BUCKET_SECONDS;
        if (current <= last) return w; // same bucket (time never runs backwards on chain)
        if (current - last >= CAP_RING) return current;
        for (uint256 b = last + 1; b <= current; ++b) {
            w &= ~(MASK32 << (32 * (1 + b % CAP_RING)));
        }
        return (w & ~MASK32) | current;
    }

    /// Sum of the seven 32-bit bucket counters (bits 32..255), added lane-parallel in three
    /// steps instead of a seven-iteration loop; a counter is < 2**32 (a cap change may leave one
    /// above 2**31), and the 64- and 128-bit partial sums cannot overflow even then.
    function _windowSum(uint256 w) internal pure returns (uint256) {
        uint256 x = w >> 32;
        x = (x & SWAR_32) + ((x >> 32) & SWAR_32);
        x = (x & SWAR_64) + ((x >> 64) & SWAR_64);
        return (x & type(uint128).max) + (x >> 128);
    }

    /// @notice Upper bound of what was released of `token` in the counted window (last 24-28 h).
    /// @param token the token
    /// @return amount in token units (rounded up to whole quanta)
    function releasedInWindow(address token) public view returns (uint256) {
        return _windowSum(_advance(_windows[token])) * _tokens[token].quantum;
    }

    /// @notice What can still be released of `token` now without hitting the rolling cap.
    /// @param token the token
    /// @return amount in token units
    function availableToRelease(address token) external view returns (uint256) {
        TokenConfig memory cfg = _tokens[token];
        uint256 used = _windowSum(_advance(_windows[token]));
        uint256 left = cfg.capUnits > used ? (cfg.capUnits - used) * cfg.quantum : 0;
        return left < cfg.maxPerTransfer ? left : cfg.maxPerTransfer;
    }

    // ---------------------------------------------------------------- configuration (admin)

    /// @notice Registers a local token once: custody (LOCK_RELEASE) or minted here (BURN_MINT).
    /// @dev Starts off the allowlist with zero caps; mode and decimals never change afterwards.
    /// @param token the token contract
    /// @param mode LOCK_RELEASE or BURN_MINT (a BridgedToken of this bridge)
    /// @param decimals_ the token's decimals (checked against decimals() when the token has it)
    function configureToken(address token, TokenMode mode, uint8 decimals_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token.code.length == 0 || token == address(this)) revert NotAContract(token);
        if (mode == TokenMode.NONE) revert TokenNotConfigured(token);
        if (_tokens[token].mode != TokenMode.NONE) revert TokenAlreadyConfigured(token);
        if (decimals_ > MAX_DECIMALS) revert DecimalsTooLarge(decimals_);
        try IERC20Metadata(token).decimals() returns (uint8 reported) {
            if (reported != decimals_) revert DecimalsMismatch(reported, decimals_);
        } catch {}
        if (mode == TokenMode.BURN_MINT) {
            try BridgedToken(token).bridge() returns (address b) {
                if (b != address(this)) revert NotMintableByBridge(token);
            } catch {
                revert NotMintableByBridge(token);
            }
        }
        _tokens[token] = TokenConfig({
            mode: mode, lockAllowed: false, decimals: decimals_, capUnits: 0, quantum: 1, maxPerTransfer: 0
        });
        emit TokenConfigured(token, mode, decimals_);
    }

    /// @notice Adds a configured token to the lock allowlist or removes it.
    /// @param token the token
    /// @param allowed whether lock accepts it
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireConfigured(token);
        _tokens[token].lockAllowed = allowed;
        emit TokenAllowlistSet(token, allowed);
    }

    /// @notice Sets the per-transfer cap (lock and release) and the rolling 24 h release cap.
    /// @dev Amounts already counted in the window are re-expressed in the new quantum, rounded up,
    /// never clamped: a finer quantum is only taken as far as every counted bucket still fits 32
    /// bits, so no sequence of cap changes (stop, lower, restore, raise) forgets what left in the
    /// last 24 h. While a much larger amount is still counted, the effective cap of a lowered cap
    /// may therefore round down by up to that amount / 2**32 (see `TokenCapsSet`); setting the cap
    /// again once the counted span has passed restores the fine quantum. A cap of zero stops the token.
    /// @param token the token
    /// @param maxPerTransfer largest single transfer, token units (< 2**104)
    /// @param dailyCap most released in any 24 h window, token units (< 2**120)
    function setTokenCaps(address token, uint256 maxPerTransfer, uint256 dailyCap)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _requireConfigured(token);
        if (maxPerTransfer > type(uint104).max || dailyCap > type(uint120).max) revert CapTooLarge();
        TokenConfig storage cfg = _tokens[token];
        uint256 newQ = (dailyCap + CAP_RESOLUTION - 1) / CAP_RESOLUTION;
        if (newQ == 0) newQ = 1;
        uint256 oldQ = cfg.quantum;
        // Buckets that no longer count are dropped first, so they neither constrain the quantum
        // nor come back.
        uint256 w = _advance(_windows[token]);
        if (newQ < oldQ) {
            uint256 largest;
            for (uint256 i = 1; i <= CAP_RING; ++i) {
                uint256 b = (w >> (32 * i)) & MASK32;
                if (b > largest) largest = b;
            }
            // Smallest quantum that holds the largest bucket in 32 bits; <= oldQ, so it fits uint96.
            uint256 fitQ = (largest * oldQ + MASK32 - 1) / MASK32;
            if (fitQ > newQ) newQ = fitQ;
        }
        if (newQ != oldQ) {
            uint256 rescaled = w & MASK32;
            for (uint256 i = 1; i <= CAP_RING; ++i) {
                uint256 b = (w >> (32 * i)) & MASK32;
                // <= MASK32 by the choice of newQ: the bucket is never clamped.
                rescaled |= ((b * oldQ + newQ - 1) / newQ) << (32 * i);
            }
            w = rescaled;
        }
        _windows[token] = w;
        uint256 capUnits = dailyCap / newQ; // <= CAP_RESOLUTION by the choice of newQ
        // Safe casts: dailyCap < 2**120 so newQ < 2**89; capUnits <= 2**31; maxPerTransfer checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        cfg.quantum = uint96(newQ);
        // forge-lint: disable-next-line(unsafe-typecast)
        cfg.capUnits = uint32(capUnits);
        // forge-lint: disable-next-line(unsafe-typecast)
        cfg.maxPerTransfer = uint104(maxPerTransfer);
        emit TokenCapsSet(token, maxPerTransfer, capUnits * newQ);
    }

    /// @notice Sets where `srcToken` goes on `dstChainId`.
    /// @param srcToken configured local token
    /// @param dstChainId destination chain
    /// @param dstToken token address on the destination chain
    /// @param dstDecimals its decimals (<= MAX_DECIMALS)
    function setRoute(address srcToken, uint256 dstChainId, address dstToken, uint8 dstDecimals)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _requireConfigured(srcToken);
        if (dstToken == address(0)) revert ZeroAddress();
        if (dstDecimals > MAX_DECIMALS) revert DecimalsTooLarge(dstDecimals);
        _routes[srcToken][dstChainId] = Route({dstToken: dstToken, dstDecimals: dstDecimals});
        emit RouteSet(srcToken, dstChainId, dstToken, dstDecimals);
    }

    /// @notice Removes a route; lock to that chain reverts afterwards.
    /// @param srcToken local token
    /// @param dstChainId destination chain
    function removeRoute(address srcToken, uint256 dstChainId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        delete _routes[srcToken][dstChainId];
        emit RouteRemoved(srcToken, dstChainId);
    }

    /// @notice Trusts or distrusts a source bridge; releases name their source and must match one.
    /// @param srcChainId source chain
    /// @param srcBridge Bridge contract on that chain
    /// @param trusted whether to accept releases from it
    function setTrustedSource(uint256 srcChainId, address srcBridge, bool trusted)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (srcBridge == address(0)) revert ZeroAddress();
        _trustedSources[srcChainId][srcBridge] = trusted;
        emit TrustedSourceSet(srcChainId, srcBridge, trusted);
    }

    /// @notice Sets the lock fee.
    /// @param feeBps_ fee in basis points (<= MAX_FEE_BPS)
    function setFee(uint16 feeBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_);
        _feeBps = feeBps_;
        emit FeeSet(feeBps_);
    }

    /// @notice Sets the fee treasury.
    /// @param treasury_ new treasury; never zero
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _requireConfigured(address token) private view {
        if (_tokens[token].mode == TokenMode.NONE) revert TokenNotConfigured(token);
    }

    // ---------------------------------------------------------------- pause and timelock

    /// @notice Stops lock and release at once; guardian only.
    function pause() external onlyRole(GUARDIAN_ROLE) {
        unchecked {
            ++_pauseEpoch;
        }
        _pause();
    }

    /// @notice Schedules unpausing the current pause; admin only, executable after the timelock.
    /// @dev The id binds the pause epoch, so a schedule can never be reused for a later pause.
    /// @return id the operation id
    function scheduleUnpause() external onlyRole(DEFAULT_ADMIN_ROLE) whenPaused returns (bytes32 id) {
        id = unpauseOperationId();
        _schedule(id, OP_UNPAUSE, address(0), BINDS_PAUSE_EPOCH | _pauseEpoch);
    }

    /// @notice Unpauses once the scheduled unpause is ready; admin only.
    function executeUnpause() external onlyRole(DEFAULT_ADMIN_ROLE) whenPaused {
        bytes32 id = unpauseOperationId();
        _consume(id);
        _unpause();
    }

    /// @notice Schedules replacing the group signer; admin only, executable after the timelock.
    /// @param newSigner the new group address; never zero, never the current or a retired signer
    /// @return id the operation id
    function scheduleGroupSignerRotation(address newSigner) external onlyRole(DEFAULT_ADMIN_ROLE) returns (bytes32 id) {
        _requireFreshSigner(newSigner);
        id = rotationOperationId(newSigner);
        _schedule(id, OP_ROTATE_SIGNER, newSigner, BINDS_SIGNER_EPOCH | (_signerEpoch << 127));
    }

    /// @notice Replaces the group signer once the scheduled rotation is ready; admin only.
    /// @param newSigner the address given when scheduling
    function executeGroupSignerRotation(address newSigner) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _consume(rotationOperationId(newSigner));
        _rotate(newSigner);
    }

    /// @notice While paused (e.g. for a compromised group key), schedules replacing the group
    /// signer and unpausing as one operation; admin only, executable after the timelock.
    /// @dev The id binds the pause epoch and the signer epoch: a later pause or any other executed
    /// rotation voids it.
    /// @param newSigner the new group address; never zero, never a current or retired signer
    /// @return id the operation id
    function scheduleRotationAndUnpause(address newSigner)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        whenPaused
        returns (bytes32 id)
    {
        _requireFreshSigner(newSigner);
        id = rotationAndUnpauseOperationId(newSigner);
        _schedule(
            id,
            OP_ROTATE_AND_UNPAUSE,
            newSigner,
            BINDS_SIGNER_EPOCH | BINDS_PAUSE_EPOCH | (_signerEpoch << 127) | _pauseEpoch
        );
    }

    /// @notice Replaces the group signer and unpauses in one transaction once the scheduled
    /// operation is ready, so the old key is never live while unpaused; admin only.
    /// @param newSigner the address given when scheduling
    function executeRotationAndUnpause(address newSigner) external onlyRole(DEFAULT_ADMIN_ROLE) whenPaused {
        _consume(rotationAndUnpauseOperationId(newSigner));
        _rotate(newSigner);
        _unpause();
    }

    function _requireFreshSigner(address newSigner) private view {
        if (newSigner == address(0)) revert ZeroAddress();
        if (newSigner == _groupSigner || _retiredSigners[newSigner]) revert SignerRetired(newSigner);
    }

    function _rotate(address newSigner) private {
        _requireFreshSigner(newSigner); // checked at scheduling too; the execution must not depend on it
        unchecked {
            ++_signerEpoch; // voids every other rotation scheduled for the signer being replaced
        }
        address previous = _groupSigner;
        _retiredSigners[previous] = true;
        _groupSigner = newSigner;
        emit GroupSignerRotated(previous, newSigner);
    }

    /// @notice Cancels a scheduled operation; admin or guardian.
    /// @param id the operation id
    function cancelOperation(bytes32 id) external {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender) && !hasRole(GUARDIAN_ROLE, msg.sender)) {
            revert NotAdminOrGuardian(msg.sender);
        }
        // Pending, ready, expired and void schedules alike: the last two can never run, but are
        // cleared this way.
        if (_readyAt[id] == 0) revert OperationNotScheduled(id);
        delete _readyAt[id];
        _closedOperations[id] = OperationState.CANCELLED;
        emit OperationCancelled(id);
    }

    /// @notice Id of unpausing the current pause.
    /// @return the operation id
    function unpauseOperationId() public view returns (bytes32) {
        return keccak256(abi.encode(OP_UNPAUSE, _pauseEpoch));
    }

    /// @notice Id of rotating to `newSigner` in the current signer epoch.
    /// @dev Binds the signer epoch (rotations executed so far): when any rotation executes, every
    /// other pending rotation is void, and rotating away and back never revives an old schedule.
    /// @param newSigner the new group address
    /// @return the operation id
    function rotationOperationId(address newSigner) public view returns (bytes32) {
        return keccak256(abi.encode(OP_ROTATE_SIGNER, _signerEpoch, newSigner));
    }

    /// @notice Id of rotating to `newSigner` and unpausing, for the current pause and signer epochs.
    /// @param newSigner the new group address
    /// @return the operation id
    function rotationAndUnpauseOperationId(address newSigner) public view returns (bytes32) {
        return keccak256(abi.encode(OP_ROTATE_AND_UNPAUSE, _pauseEpoch, _signerEpoch, newSigner));
    }

    /// @notice Whether `signer` was a group signer and was rotated away from (it can never return).
    /// @param signer the address
    /// @return true when retired
    function isRetiredSigner(address signer) external view returns (bool) {
        return _retiredSigners[signer];
    }

    /// @notice How many signer rotations were executed; part of the rotation operation id.
    /// @return the signer epoch
    function signerEpoch() external view returns (uint256) {
        return _signerEpoch;
    }

    /// @notice When a scheduled operation becomes executable (it expires OPERATION_GRACE_PERIOD later).
    /// @dev Still non-zero for an expired schedule until it is cancelled or scheduled again; use
    /// `operationState` to tell pending, ready and expired apart.
    /// @param id the operation id
    /// @return the timestamp, or 0 when not scheduled
    function operationReadyAt(bytes32 id) external view returns (uint256) {
        return _readyAt[id];
    }

    /// @notice Where an operation stands now: NONE, PENDING, READY, EXPIRED, EXECUTED, CANCELLED or VOID.
    /// @param id the operation id
    /// @return the state
    function operationState(bytes32 id) external view returns (OperationState) {
        uint256 readyAt = _readyAt[id];
        if (readyAt == 0) return _closedOperations[id];
        uint256 binding = _operationBindings[id];
        if (binding & BINDS_SIGNER_EPOCH != 0 && ((binding >> 127) & MASK127) != _signerEpoch) {
            return OperationState.VOID;
        }
        if (binding & BINDS_PAUSE_EPOCH != 0 && (!paused() || (binding & MASK127) != _pauseEpoch)) {
            return OperationState.VOID;
        }
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < readyAt) return OperationState.PENDING;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= readyAt + OPERATION_GRACE_PERIOD) return OperationState.READY;
        return OperationState.EXPIRED;
    }

    /// Epochs are counters of executed transactions, far below 2**127, so `binding` packs them losslessly.
    function _schedule(bytes32 id, bytes32 kind, address target, uint256 binding) private {
        uint256 existing = _readyAt[id];
        // An expired schedule may be replaced; a live one may not (cancel it first).
        // forge-lint: disable-next-line(block-timestamp)
        if (existing != 0 && block.timestamp <= existing + OPERATION_GRACE_PERIOD) {
            revert OperationAlreadyScheduled(id);
        }
        uint256 readyAt = block.timestamp + timelockDelay;
        _readyAt[id] = readyAt;
        _operationBindings[id] = binding;
        emit OperationScheduled(id, kind, target, readyAt);
    }

    function _consume(bytes32 id) private {
        uint256 readyAt = _readyAt[id];
        if (readyAt == 0) revert OperationNotScheduled(id);
        // A validator's few seconds of timestamp leeway are irrelevant against a delay of hours.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < readyAt) revert OperationNotReady(id, readyAt);
        // A schedule left alone for long is stale notice: it must be made again.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > readyAt + OPERATION_GRACE_PERIOD) {
            revert OperationExpired(id, readyAt + OPERATION_GRACE_PERIOD);
        }
        delete _readyAt[id];
        _closedOperations[id] = OperationState.EXECUTED;
        emit OperationExecuted(id);
    }

    // ---------------------------------------------------------------- views

    /// @notice The threshold group's address that signs releases; never zero.
    /// @return the group signer
    function groupSigner() external view returns (address) {
        return _groupSigner;
    }

    /// @notice The lock fee in basis points.
    /// @return the fee
    function feeBps() external view returns (uint16) {
        return _feeBps;
    }

    /// @notice Where lock fees go.
    /// @return the treasury
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @notice The last lock nonce issued (0 before the first lock).
    /// @return the nonce
    function lastNonce() external view returns (uint256) {
        return _lastNonce;
    }

    /// @notice How many times the bridge was paused; part of the unpause operation id.
    /// @return the pause epoch
    function pauseEpoch() external view returns (uint256) {
        return _pauseEpoch;
    }

    /// @notice This bridge's EIP-712 domain separator (name "Bridge", version "1", this chain, this contract).
    /// @return the domain separator
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Whether releases from a source bridge are accepted.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @return true when trusted
    function isTrustedSource(uint256 srcChainId, address srcBridge) external view returns (bool) {
        return _trustedSources[srcChainId][srcBridge];
    }

    /// @notice Configuration of a local token.
    /// @param token the token
    /// @return mode custody or mint/burn (NONE when not configured)
    /// @return lockAllowed whether lock accepts it
    /// @return decimals decimals recorded for scaling
    /// @return maxPerTransfer per-transfer cap
    /// @return dailyCap effective rolling 24 h cap
    function tokenConfig(address token)
        external
        view
        returns (TokenMode mode, bool lockAllowed, uint8 decimals, uint256 maxPerTransfer, uint256 dailyCap)
    {
        TokenConfig memory cfg = _tokens[token];
        return (cfg.mode, cfg.lockAllowed, cfg.decimals, cfg.maxPerTransfer, uint256(cfg.capUnits) * cfg.quantum);
    }

    /// @notice The route of a local token to a destination chain.
    /// @param srcToken local token
    /// @param dstChainId destination chain
    /// @return dstToken token on the destination chain (zero when no route)
    /// @return mode how this bridge holds `srcToken`
    /// @return srcDecimals decimals of `srcToken`
    /// @return dstDecimals decimals of `dstToken`
    function route(address srcToken, uint256 dstChainId)
        external
        view
        returns (address dstToken, TokenMode mode, uint8 srcDecimals, uint8 dstDecimals)
    {
        Route memory r = _routes[srcToken][dstChainId];
        TokenConfig memory cfg = _tokens[srcToken];
        return (r.dstToken, cfg.mode, cfg.decimals, r.dstDecimals);
    }

    // ---------------------------------------------------------------- stuck deposits

    /// @notice Schedules voiding a deposit from another chain that can never be paid here; admin
    /// only, executable after the timelock. Voiding sets the deposit's replay bit, so it is never
    /// released afterwards; the group may then sign a refund on the source.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the deposit's nonce
    /// @return id the operation id
    function scheduleVoidDeposit(uint256 srcChainId, address srcBridge, uint256 nonce)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (bytes32 id)
    {
        _replayWord(srcChainId, srcBridge, nonce); // refuses nonce 0 and a released deposit early
        id = voidOperationId(srcChainId, srcBridge, nonce);
        _schedule(id, OP_VOID_DEPOSIT, srcBridge, 0); // binds no epoch: a void stays valid across them
    }

    /// @notice Voids the deposit once the scheduled void is ready; admin only. Works while paused.
    /// @dev Reverts AlreadyReleased when the deposit was released (or voided) in the meantime: of a
    /// release and a void racing for one deposit exactly one succeeds.
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the deposit's nonce
    function voidDeposit(uint256 srcChainId, address srcBridge, uint256 nonce) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _consume(voidOperationId(srcChainId, srcBridge, nonce));
        (uint256 wordIndex, uint256 word, uint256 mask, bytes32 depositId) = _replayWord(srcChainId, srcBridge, nonce);
        _releasedBits[srcChainId][srcBridge][wordIndex] = word | mask;
        emit DepositVoided(depositId, srcChainId, srcBridge, nonce);
    }

    /// @notice Id of voiding the deposit (srcChainId, srcBridge, nonce).
    /// @param srcChainId source chain
    /// @param srcBridge source bridge
    /// @param nonce the deposit's nonce
    /// @return the operation id
    function voidOperationId(uint256 srcChainId, address srcBridge, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(OP_VOID_DEPOSIT, srcChainId, srcBridge, nonce));
    }

    /// @notice Pays back a deposit locked here whose destination voided it, signed by the group.
    /// @dev Same signature rules as release; once per nonce; the destination bridge must be a
    /// trusted peer; the amount counts against the token's per-transfer and rolling caps like a
    /// release, so a stolen group key drains no faster through refunds than through releases.
    /// Custody tokens are transferred back, bridged tokens minted back (lock burned them).
    /// @param f the refund; `token` and `amount` are in this chain's terms, `to` is the sender
    /// @param signature 65-byte (r, s, v) ECDSA signature over `hashRefund(f)`, low s, v in {27, 28}
    function refund(Refund calldata f, bytes calldata signature) external nonReentrant whenNotPaused {
        _verify(_hashTypedDataV4(_refundStructHash(f)), signature);
        uint256 nonce = f.nonce;
        address token = f.token;
        address to = f.to;
        uint256 amount = f.amount;

        if (nonce == 0 || nonce > _lastNonce) revert NotLocked(nonce);
        if (!_trustedSources[f.dstChainId][f.dstBridge]) revert UntrustedSource(f.dstChainId, f.dstBridge);
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        (uint256 wordIndex, uint256 mask) = _replayBit(nonce);
        uint256 word = _refundedBits[wordIndex];
        if (word & mask != 0) revert AlreadyRefunded(nonce);
        _refundedBits[wordIndex] = word | mask;

        TokenConfig memory cfg = _tokens[token];
        if (cfg.mode == TokenMode.NONE) revert TokenNotConfigured(token);
        if (amount == 0) revert ZeroAmount();
        if (amount > cfg.maxPerTransfer) revert CapExceeded(token, amount, cfg.maxPerTransfer);
        _consumeRollingCap(token, cfg, amount);

        if (cfg.mode == TokenMode.BURN_MINT) {
            BridgedToken(token).mint(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
        emit Refunded(nonce, token, to, amount, f.dstChainId);
    }

    /// @notice Full EIP-712 digest of a refund for this bridge and chain.
    /// @param f the refund
    /// @return the digest the group signs
    function hashRefund(Refund calldata f) external view returns (bytes32) {
        return _hashTypedDataV4(_refundStructHash(f));
    }

    /// @notice Whether a deposit locked here was refunded.
    /// @param nonce the deposit's lock nonce
    /// @return true once refunded
    function isRefunded(uint256 nonce) external view returns (bool) {
        (uint256 wordIndex, uint256 mask) = _replayBit(nonce);
        return _refundedBits[wordIndex] & mask != 0;
    }

    /// The replay word of a deposit that is neither released nor voided, its bit and its id.
    function _replayWord(uint256 srcChainId, address srcBridge, uint256 nonce)
        private
        view
        returns (uint256 wordIndex, uint256 word, uint256 mask, bytes32 depositId)
    {
        if (nonce == 0) revert InvalidNonce();
        (wordIndex, mask) = _replayBit(nonce);
        word = _releasedBits[srcChainId][srcBridge][wordIndex];
        depositId = depositIdOf(srcChainId, srcBridge, nonce);
        if (word & mask != 0) revert AlreadyReleased(depositId);
    }

    function _refundStructHash(Refund calldata f) private pure returns (bytes32) {
        return keccak256(abi.encode(REFUND_TYPEHASH, f));
    }
}
