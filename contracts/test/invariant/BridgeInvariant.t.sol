// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TestBase, Vm} from "../utils/TestBase.sol";
import {Bridge} from "../../src/Bridge.sol";
import {BridgedToken} from "../../src/BridgedToken.sol";
import {Refund, Release, TokenMode} from "../../src/BridgeTypes.sol";
import {TestToken} from "../../src/test-helpers/TestToken.sol";
import {FeeOnTransferToken} from "../../src/test-helpers/FeeOnTransferToken.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Drives two bridges (chain A: custody of an 18-decimal token and a fee-on-transfer
/// token; chain B: their bridged 6- and 18-decimal representations) with random locks, relays,
/// batches, replays, forgeries, time jumps, voids on the destination and refunds on the source,
/// keeping ghost books the invariants compare with.
contract BridgeHandler is TestBase {
    uint256 internal constant SIGNER_PK = 0x51A7E5;
    uint256 public constant CHAIN_A = 1001;
    uint256 public constant CHAIN_B = 2002;

    Bridge public immutable a;
    Bridge public immutable b;
    TestToken public immutable tokA; // 18 decimals on A
    FeeOnTransferToken public immutable fot; // 18 decimals on A, 1 % burned per transfer
    BridgedToken public immutable wA; // 6 decimals on B
    BridgedToken public immutable wF; // 18 decimals on B

    address[3] internal actors = [address(0xAC01), address(0xAC02), address(0xAC03)];
    uint256 public now_;

    // Deposits in flight, per direction.
    Release[] internal toB;
    Release[] internal toA;
    mapping(bytes32 => bool) public done; // released or voided: never to be paid on the destination

    // Stuck deposits: what the source kept of each deposit (what a refund pays back), the voided
    // deposits per direction, and which of them were refunded.
    struct Kept {
        address token;
        address sender;
        uint256 amount; // source units
    }

    mapping(bytes32 => Kept) internal kept;
    Release[] internal voidedToB;
    Release[] internal voidedToA;
    mapping(bytes32 => bool) public refunded;

    // Ghost books, in the destination token's units.
    mapping(address => uint256) public lockedFor; // sum of Locked amounts naming this destination token
    mapping(address => uint256) public releasedOf; // sum released of this token by the destination bridge
    mapping(address => uint256) public custodyIn; // what bridge A kept of a custody token on lock
    mapping(address => uint256) public custodyOut; // what bridge A paid out of a custody token (releases and refunds)
    mapping(address => uint256) public voidedOf; // sum of voided deposits naming this destination token
    mapping(address => uint256) public refundedOf; // the part of voidedOf already refunded on the source

    struct Paid {
        uint256 time;
        uint256 amount;
    }

    mapping(address => Paid[]) internal paid;

    struct CapChange {
        uint256 time;
        address token;
        uint256 asked;
        uint256 effective;
    }

    CapChange[] internal capLog; // every setTokenCaps the handler made, in order
    bool public capAboveAsked;
    bool public windowViolated;
    bool public replayAccepted;
    bool public forgeryAccepted;
    uint256 public releases;
    uint256 public capRefusals;
    uint256 public skips;
    bytes4 public unexpectedRevert;
    uint256 public voids;
    uint256 public refunds;
    bool public voidOfPaidAccepted;
    bool public doubleRefundAccepted;
    bool public badRefundAccepted;

    /// Daily cap of every token, in whole tokens (per-transfer cap 5 000).
    uint256 public immutable dailyTokens;

    // Books an operator keeps from events alone (Locked on the source, Released on the destination).
    mapping(address => uint256) public evNetLocked; // per source custody token: sum of Locked received - fee
    mapping(address => uint256) public evReleased; // per token: sum of Released amounts
    mapping(address => uint256) public evRefunded; // per token: sum of Refunded amounts
    mapping(bytes32 => bool) internal evLock; // (source chain, source bridge, nonce) seen in Locked
    mapping(bytes32 => bool) internal evPaid; // deposit ids seen in Released
    bool public eventsDisagree;

    constructor(uint256 t0, uint256 dailyTokens_) {
        dailyTokens = dailyTokens_;
        now_ = t0;
        address admin = address(this);
        a = new Bridge(admin, admin, vm.addr(SIGNER_PK), address(0x7EA5), 1 days);
        b = new Bridge(admin, admin, vm.addr(SIGNER_PK), address(0x7EA5), 1 days);
        tokA = new TestToken("Token A", "TKA", 18);
        fot = new FeeOnTransferToken(100);
        wA = new BridgedToken("Wrapped A", "wTKA", 6, address(b));
        wF = new BridgedToken("Wrapped FOT", "wFOT", 18, address(b));

        a.configureToken(address(tokA), TokenMode.LOCK_RELEASE, 18);
        a.configureToken(address(fot), TokenMode.LOCK_RELEASE, 18);
        a.setTokenCaps(address(tokA), 5_000e18, dailyTokens_ * 1e18);
        a.setTokenCaps(address(fot), 5_000e18, dailyTokens_ * 1e18);
        a.setTokenAllowed(address(tokA), true);
        a.setTokenAllowed(address(fot), true);
        a.setRoute(address(tokA), CHAIN_B, address(wA), 6);
        a.setRoute(address(fot), CHAIN_B, address(wF), 18);
        a.setTrustedSource(CHAIN_B, address(b), true);
        a.setFee(25);

        b.configureToken(address(wA), TokenMode.BURN_MINT, 6);
        b.configureToken(address(wF), TokenMode.BURN_MINT, 18);
        b.setTokenCaps(address(wA), 5_000e6, dailyTokens_ * 1e6);
        b.setTokenCaps(address(wF), 5_000e18, dailyTokens_ * 1e18);
        b.setTokenAllowed(address(wA), true);
        b.setTokenAllowed(address(wF), true);
        b.setRoute(address(wA), CHAIN_A, address(tokA), 18);
        b.setRoute(address(wF), CHAIN_A, address(fot), 18);
        b.setTrustedSource(CHAIN_A, address(a), true);
    }

    // ------------------------------------------------------------------ actions

    function lockOnA(uint256 actorSeed, bool useFot, uint256 amount) external {
        vm.warp(now_);
        address actor = actors[actorSeed % 3];
        address token = useFot ? address(fot) : address(tokA);
        amount = _bound(amount, 1e12, 6_000e18);
        if (!useFot && amount % 3 != 0) amount -= amount % 1e12; // mostly exact for the 6-decimal side
        if (useFot) fot.mint(actor, amount);
        else tokA.mint(actor, amount);
        vm.prank(actor);
        IERC20(token).approve(address(a), amount);
        uint256 before = IERC20(token).balanceOf(address(a));
        vm.recordLogs();
        vm.prank(actor);
        try a.lock(token, amount, CHAIN_B, actor) returns (uint256 nonce) {
            _bookLockOnA(token, actor, nonce, IERC20(token).balanceOf(address(a)) - before);
        } catch {}
    }

    function lockOnB(uint256 actorSeed, bool useFot, uint256 amount) external {
        vm.warp(now_);
        address actor = actors[actorSeed % 3];
        BridgedToken token = useFot ? wF : wA;
        uint256 bal = token.balanceOf(actor);
        if (bal == 0) return;
        amount = _bound(amount, 1, bal);
        vm.prank(actor);
        token.approve(address(b), amount);
        uint256 supply = token.totalSupply();
        vm.recordLogs();
        vm.prank(actor);
        try b.lock(address(token), amount, CHAIN_A, actor) returns (uint256 nonce) {
            (address dstToken, uint256 dstAmount,,) = _lastLocked();
            evLock[_id(_release(CHAIN_B, address(b), nonce, dstToken, actor, dstAmount))] = true;
            lockedFor[dstToken] += dstAmount;
            toA.push(_release(CHAIN_B, address(b), nonce, dstToken, actor, dstAmount));
            kept[_id(toA[toA.length - 1])] =
                Kept({token: address(token), sender: actor, amount: supply - token.totalSupply()});
        } catch {}
    }

    function _bookLockOnA(address token, address actor, uint256 nonce, uint256 gained) internal {
        (address dstToken, uint256 dstAmount, uint256 received, uint256 fee) = _lastLocked();
        custodyIn[token] += gained;
        if (received - fee != gained) eventsDisagree = true;
        evNetLocked[token] += received - fee;
        Release memory r = _release(CHAIN_A, address(a), nonce, dstToken, actor, dstAmount);
        evLock[_id(r)] = true;
        lockedFor[dstToken] += dstAmount;
        toB.push(r);
        kept[_id(r)] = Kept({token: token, sender: actor, amount: gained});
    }

    function relayToB(uint256 seed) external {
        _relay(b, toB, seed);
    }

    function relayToA(uint256 seed) external {
        _relay(a, toA, seed);
    }

    /// A batch of consecutive deposits towards B, released ones included (as when a member was
    /// front-run by a single release): those must be skipped, the rest paid exactly once.
    function relayBatchToB(uint256 seed, uint256 count) external {
        vm.warp(now_);
        count = _bound(count, 1, 6);
        if (toB.length == 0) return;
        Release[] memory batch = new Release[](count);
        uint256 n;
        uint256 fresh;
        for (uint256 i; i < toB.length && n < count; ++i) {
            Release memory r = toB[(seed % toB.length + i) % toB.length];
            if (_contains(batch, n, r)) continue;
            batch[n++] = r;
            if (!done[_id(r)]) ++fresh;
        }
        assembly {
            mstore(batch, n)
        }
        bytes memory sig = _sign(b.hashReleaseBatch(batch));
        uint256 supplyBefore = wA.totalSupply() + wF.totalSupply();
        vm.recordLogs();
        try b.releaseBatch(batch, sig) {
            _readEvents(b);
            uint256 owed;
            for (uint256 i; i < n; ++i) {
                if (!done[_id(batch[i])]) {
                    owed += batch[i].amount;
                    _booked(b, batch[i]);
                } else {
                    ++skips;
                }
            }
            // Amounts of wA (6 decimals) and wF (18) added together: only equality matters here.
            if (wA.totalSupply() + wF.totalSupply() - supplyBefore != owed) replayAccepted = true;
        } catch (bytes memory err) {
            if (fresh == 0) {
                if (bytes4(err) != Bridge.BatchAlreadyReleased.selector) unexpectedRevert = bytes4(err);
            } else {
                _expectCapRefusal(err);
            }
        }
    }

    function replay(uint256 seed, bool towardsB) external {
        vm.warp(now_);
        Release[] storage list = towardsB ? toB : toA;
        Bridge dst = towardsB ? b : a;
        if (list.length == 0) return;
        Release memory r = list[seed % list.length];
        if (!done[_id(r)]) return;
        try dst.release(r, _sign(dst.hashRelease(r))) {
            replayAccepted = true;
        } catch {}
    }

    function forge(uint256 seed, uint256 pk) external {
        vm.warp(now_);
        if (toB.length == 0) return;
        pk = _bound(pk, 1, 1e40);
        if (pk == SIGNER_PK) pk += 1;
        Release memory r = toB[seed % toB.length];
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(pk, b.hashRelease(r));
        try b.release(r, abi.encodePacked(rr, s, v)) {
            forgeryAccepted = true;
        } catch {}
    }

    /// The admin changes a token's daily cap at a random time: stop (0), lower, restore, raise or
    /// anything up to 2**100; the per-transfer cap stays as configured.
    function setCaps(uint256 tokenSeed, uint256 kind, uint256 value) external {
        vm.warp(now_);
        (Bridge dst, address token, uint256 maxPerTransfer, uint256 base) = _capTarget(tokenSeed);
        kind %= 5;
        uint256 cap;
        if (kind == 0) cap = 0;
        else if (kind == 1) cap = value % 2 == 0 ? _bound(value, 1, 2 ** 31) : base / _bound(value, 2, 1_000);
        else if (kind == 2) cap = base;
        else if (kind == 3) cap = base * _bound(value, 2, 1_000);
        else cap = _bound(value, 0, 2 ** 100);
        dst.setTokenCaps(token, maxPerTransfer, cap);
        (,,,, uint256 effective) = dst.tokenConfig(token);
        if (effective > cap) capAboveAsked = true;
        capLog.push(CapChange({time: block.timestamp, token: token, asked: cap, effective: effective}));
    }

    function capChanges() external view returns (uint256) {
        return capLog.length;
    }

    /// Voids a deposit on its destination (schedule, wait out the timelock, execute); for a deposit
    /// already released or voided, checks that voiding is refused.
    function voidDeposit(uint256 seed, bool towardsB) external {
        vm.warp(now_);
        Release[] storage list = towardsB ? toB : toA;
        Bridge dst = towardsB ? b : a;
        if (list.length == 0) return;
        Release memory r = list[seed % list.length];
        bytes32 id = _id(r);
        if (done[id]) {
            try dst.scheduleVoidDeposit(r.srcChainId, r.srcBridge, r.nonce) {
                voidOfPaidAccepted = true;
            } catch {}
            return;
        }
        try dst.scheduleVoidDeposit(r.srcChainId, r.srcBridge, r.nonce) {}
        catch (bytes memory err) {
            unexpectedRevert = bytes4(err);
            return;
        }
        now_ += dst.timelockDelay();
        vm.warp(now_);
        try dst.voidDeposit(r.srcChainId, r.srcBridge, r.nonce) {
            done[id] = true;
            voidedOf[r.token] += r.amount;
            (towardsB ? voidedToB : voidedToA).push(r);
            ++voids;
        } catch (bytes memory err) {
            unexpectedRevert = bytes4(err);
        }
    }

    /// Refunds a voided deposit on its source, as the group signs it once it saw DepositVoided;
    /// for one already refunded, checks that the second refund is refused.
    function refundOnSource(uint256 seed, bool towardsB) external {
        vm.warp(now_);
        Release[] storage list = towardsB ? voidedToB : voidedToA;
        if (list.length == 0) return;
        Release memory r = list[seed % list.length];
        bytes32 id = _id(r);
        Bridge src = towardsB ? a : b;
        Refund memory f = _refundOf(r);
        bytes memory sig = _sign(src.hashRefund(f));
        if (refunded[id]) {
            try src.refund(f, sig) {
                doubleRefundAccepted = true;
            } catch {}
            return;
        }
        vm.recordLogs();
        try src.refund(f, sig) {
            _readRefunds(src);
            refunded[id] = true;
            refundedOf[r.token] += r.amount;
            if (address(src) == address(a)) custodyOut[f.token] += f.amount;
            ++refunds;
            _logPaid(src, f.token, f.amount);
        } catch (bytes memory err) {
            _expectCapRefusal(err);
        }
    }

    /// Refunds that must be refused: another key's signature over a real deposit, and the group's
    /// own signature over a nonce the source never issued.
    function forgeRefund(uint256 seed, uint256 pk, bool towardsB) external {
        vm.warp(now_);
        Release[] storage list = towardsB ? toB : toA;
        Bridge src = towardsB ? a : b;
        if (list.length == 0) return;
        Refund memory f = _refundOf(list[seed % list.length]);
        pk = _bound(pk, 1, 1e40);
        if (pk == SIGNER_PK) pk += 1;
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(pk, src.hashRefund(f));
        try src.refund(f, abi.encodePacked(rr, s, v)) {
            badRefundAccepted = true;
        } catch {}
        f.nonce = src.lastNonce() + 1 + seed % 3;
        try src.refund(f, _sign(src.hashRefund(f))) {
            badRefundAccepted = true;
        } catch {}
    }

    function warp(uint256 dt) external {
        now_ += _bound(dt, 0, 12 hours);
        vm.warp(now_);
    }

    // ------------------------------------------------------------------ views for the invariants

    function pendingCount(bool towardsB) external view returns (uint256 n) {
        Release[] storage list = towardsB ? toB : toA;
        for (uint256 i; i < list.length; ++i) {
            if (!done[_id(list[i])]) ++n;
        }
    }

    /// Sum of voided deposits naming `token` as their destination token not yet refunded on their
    /// source: still owed, now to the sender on the source chain.
    function unrefundedOf(address token) public view returns (uint256) {
        return voidedOf[token] - refundedOf[token];
    }

    /// Sum of unreleased amounts in flight that name `token` as their destination token.
    function pendingOf(address token) public view returns (uint256 sum) {
        for (uint256 i; i < toB.length; ++i) {
            if (toB[i].token == token && !done[_id(toB[i])]) sum += toB[i].amount;
        }
        for (uint256 i; i < toA.length; ++i) {
            if (toA[i].token == token && !done[_id(toA[i])]) sum += toA[i].amount;
        }
    }

    // ------------------------------------------------------------------ internals

    function _relay(Bridge dst, Release[] storage list, uint256 seed) internal {
        vm.warp(now_);
        if (list.length == 0) return;
        Release memory r = list[seed % list.length];
        if (done[_id(r)]) return;
        vm.recordLogs();
        try dst.release(r, _sign(dst.hashRelease(r))) {
            _readEvents(dst);
            _booked(dst, r);
        } catch (bytes memory err) {
            _expectCapRefusal(err);
        }
    }

    function _booked(Bridge dst, Release memory r) internal {
        done[_id(r)] = true;
        releasedOf[r.token] += r.amount;
        if (address(dst) == address(a)) custodyOut[r.token] += r.amount;
        ++releases;
        _logPaid(dst, r.token, r.amount);
    }

    /// Every 24 h window ending now (both ends included): what this bridge paid of the token
    /// (releases and refunds) stays within the cap in force then, whatever cap changes came before.
    function _logPaid(Bridge, address token, uint256 amount) internal {
        Paid[] storage log_ = paid[token];
        log_.push(Paid({time: block.timestamp, amount: amount}));
        uint256 inWindow;
        for (uint256 i = log_.length; i > 0; --i) {
            if (log_[i - 1].time + 24 hours < block.timestamp) break;
            inWindow += log_[i - 1].amount;
        }
        if (inWindow > _capInForce(token)) windowViolated = true;
    }

    /// The effective cap of the handler's last cap change of `token`, else its configured cap.
    function _capInForce(address token) internal view returns (uint256) {
        for (uint256 i = capLog.length; i > 0; --i) {
            if (capLog[i - 1].token == token) return capLog[i - 1].effective;
        }
        return dailyTokens * (token == address(wA) ? 1e6 : 1e18);
    }

    function _capTarget(uint256 seed)
        internal
        view
        returns (Bridge dst, address token, uint256 maxPerTransfer, uint256 base)
    {
        seed %= 4;
        if (seed == 0) return (a, address(tokA), 5_000e18, dailyTokens * 1e18);
        if (seed == 1) return (a, address(fot), 5_000e18, dailyTokens * 1e18);
        if (seed == 2) return (b, address(wA), 5_000e6, dailyTokens * 1e6);
        return (b, address(wF), 5_000e18, dailyTokens * 1e18);
    }

    /// The refund the group signs for a voided deposit: to its sender, what its source kept.
    function _refundOf(Release memory r) internal view returns (Refund memory) {
        Kept memory k = kept[_id(r)];
        bool towardsB = r.srcChainId == CHAIN_A;
        return Refund({
            dstChainId: towardsB ? CHAIN_B : CHAIN_A,
            dstBridge: towardsB ? address(b) : address(a),
            nonce: r.nonce,
            token: k.token,
            to: k.sender,
            amount: k.amount
        });
    }

    function _expectCapRefusal(bytes memory err) internal {
        bytes4 sel = bytes4(err);
        if (sel == Bridge.RollingCapExceeded.selector || sel == Bridge.CapExceeded.selector) {
            ++capRefusals;
        } else {
            // fail_on_revert is off, so an unexpected refusal is recorded and asserted on instead.
            unexpectedRevert = sel;
        }
    }

    function _release(uint256 srcChainId, address srcBridge, uint256 nonce, address token, address to, uint256 amt)
        internal
        pure
        returns (Release memory)
    {
        return
            Release({
                srcChainId: srcChainId, srcBridge: srcBridge, nonce: nonce, token: token, recipient: to, amount: amt
            });
    }

    function _id(Release memory r) internal pure returns (bytes32) {
        return keccak256(abi.encode(r.srcChainId, r.srcBridge, r.nonce));
    }

    function _contains(Release[] memory rs, uint256 n, Release memory r) internal pure returns (bool) {
        for (uint256 i; i < n; ++i) {
            if (_id(rs[i]) == _id(r)) return true;
        }
        return false;
    }

    function _sign(bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(SIGNER_PK, digest);
        return abi.encodePacked(rr, s, v);
    }

    function _lastLocked() internal returns (address dstToken, uint256 amount, uint256 received, uint256 fee) {
        bytes32 topic = Bridge.Locked.selector;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics.length > 0 && logs[i - 1].topics[0] == topic) {
                (dstToken,,, amount, received, fee) =
                    abi.decode(logs[i - 1].data, (address, address, address, uint256, uint256, uint256));
                return (dstToken, amount, received, fee);
            }
        }
        revert("no Locked event");
    }

    /// Books the Refunded events of the last call, as an operator would: they leave custody (or
    /// mint back) like a release.
    function _readRefunds(Bridge src) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(src) || logs[i].topics[0] != Bridge.Refunded.selector) continue;
            (uint256 amount,) = abi.decode(logs[i].data, (uint256, uint256));
            evRefunded[address(uint160(uint256(logs[i].topics[2])))] += amount;
        }
    }

    /// Books the Released events of the last call as an operator would: each must name a lock
    /// seen on its source (chain, bridge, nonce) and a deposit not paid before.
    function _readEvents(Bridge dst) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(dst) || logs[i].topics[0] != Bridge.Released.selector) continue;
            uint256 srcChainId = uint256(logs[i].topics[2]);
            (address srcBridge, uint256 nonce, address token, uint256 amount) =
                abi.decode(logs[i].data, (address, uint256, address, uint256));
            bytes32 id = keccak256(abi.encode(srcChainId, srcBridge, nonce));
            if (id != logs[i].topics[1] || !evLock[id] || evPaid[id]) eventsDisagree = true;
            evPaid[id] = true;
            evReleased[token] += amount;
        }
    }
}

/// @notice Item 11 (released <= locked per route; custody covers liabilities), item 9 (any 24 h
/// window within the cap) and item 1 (no deposit twice, no forgery) as invariants.
contract BridgeInvariantTest is TestBase {
    BridgeHandler internal h;

    function setUp() public {
        vm.warp(1_750_000_000);
        h = new BridgeHandler(1_750_000_000, 20_000);
        _targetContract(address(h));
        bytes4[] memory sel = new bytes4[](12);
        sel[0] = BridgeHandler.lockOnA.selector;
        sel[1] = BridgeHandler.lockOnB.selector;
        sel[2] = BridgeHandler.relayToB.selector;
        sel[3] = BridgeHandler.relayToA.selector;
        sel[4] = BridgeHandler.relayBatchToB.selector;
        sel[5] = BridgeHandler.replay.selector;
        sel[6] = BridgeHandler.forge.selector;
        sel[7] = BridgeHandler.warp.selector;
        sel[8] = BridgeHandler.setCaps.selector;
        sel[9] = BridgeHandler.voidDeposit.selector;
        sel[10] = BridgeHandler.refundOnSource.selector;
        sel[11] = BridgeHandler.forgeRefund.selector;
        _targetSelectors(address(h), sel);
    }

    function invariant_Item11_ReleasedNeverExceedsLockedPerRoute() public view {
        address[4] memory tokens = [address(h.wA()), address(h.wF()), address(h.tokA()), address(h.fot())];
        for (uint256 i; i < 4; ++i) {
            assertLe(h.releasedOf(tokens[i]), h.lockedFor(tokens[i]), "released <= locked");
            assertEq(
                h.releasedOf(tokens[i]) + h.pendingOf(tokens[i]) + h.voidedOf(tokens[i]),
                h.lockedFor(tokens[i]),
                "books balance"
            );
        }
    }

    function invariant_Item11_CustodyCoversLiabilities() public view {
        // What bridge A may still have to pay, in A units: the bridged supply on B, deposits
        // towards B not yet minted, and deposits back to A not yet released. A voided deposit stays
        // a liability until refunded: towards B, A pays the refund from custody; back to A, B mints
        // the refund back, which A's custody then backs. Both are counted in the destination
        // token's units like a pending deposit, so they join pendingOf.
        uint256 owedA = h.wA().totalSupply() * 1e12 + _owed(address(h.wA())) * 1e12 + _owed(address(h.tokA()));
        assertGe(h.tokA().balanceOf(address(h.a())), owedA, "tokA custody >= liabilities");
        uint256 owedF = h.wF().totalSupply() + _owed(address(h.wF())) + _owed(address(h.fot()));
        assertGe(h.fot().balanceOf(address(h.a())), owedF, "fot custody >= liabilities");
        assertEq(
            h.tokA().balanceOf(address(h.a())),
            h.custodyIn(address(h.tokA())) - h.custodyOut(address(h.tokA())),
            "custody moves only by lock, release and refund"
        );
    }

    function _owed(address token) internal view returns (uint256) {
        return h.pendingOf(token) + h.unrefundedOf(token);
    }

    /// With cap changes (stop, lower, restore, raise) at random times: at every release, what left
    /// in the 24 h ending then is within the cap in force then, and no effective cap exceeds the asked one.
    function invariant_Item09_AnyWindowWithinCap() public view {
        assertFalse(h.windowViolated(), "a 24 h window exceeded the cap");
        assertFalse(h.capAboveAsked(), "an effective cap above the asked cap");
    }

    function invariant_ValidReleasesFailOnlyOnCaps() public view {
        assertEq(
            bytes32(h.unexpectedRevert()), bytes32(0), "a correctly signed release failed for a reason other than a cap"
        );
    }

    function invariant_Item01_NoReplayNoForgery() public view {
        assertFalse(h.replayAccepted(), "a deposit was released twice");
        assertFalse(h.forgeryAccepted(), "a forged signature was accepted");
        assertFalse(h.voidOfPaidAccepted(), "a released or voided deposit was voided");
        assertFalse(h.doubleRefundAccepted(), "a deposit was refunded twice");
        assertFalse(h.badRefundAccepted(), "a forged refund or a refund of a nonce never locked was accepted");
        assertTrue(h.a().groupSigner() != address(0) && h.b().groupSigner() != address(0), "signer never zero");
    }

    /// The handler is not vacuous: a fixed script reaches locks both ways, single and batch
    /// relays, a cap refusal and the replay/forgery probes.
    function test_HandlerExercisesEveryPath() public {
        h.lockOnA(0, false, 3_000e18);
        h.lockOnA(1, true, 1_000e18);
        h.lockOnA(2, false, 4_000e18);
        h.relayToB(0);
        h.relayBatchToB(1, 6);
        assertEq(h.releases(), 3, "three releases on B");
        h.lockOnB(0, false, 1_000e6);
        h.relayToA(0);
        assertEq(h.releases(), 4, "one release back on A");
        h.replay(0, true);
        h.forge(0, 7);
        for (uint256 i; i < 6; ++i) {
            h.lockOnA(i, false, 5_000e18);
        }
        h.relayBatchToB(0, 6);
        assertTrue(h.capRefusals() > 0, "the rolling cap refused a batch");
        h.warp(12 hours);
        h.warp(12 hours);
        h.warp(6 hours);
        h.relayToB(5);
        assertEq(h.releases(), 5, "released again after the window");
        // Stuck deposits both ways: void on the destination, refund on the source, and the probes.
        h.voidDeposit(6, true); // a pending lock of tokA towards B
        h.voidDeposit(0, true); // released: voiding is refused
        h.lockOnB(0, false, 500e6);
        h.voidDeposit(1, false); // the pending lock of wA back to A
        assertEq(h.voids(), 2, "one void each way");
        h.replay(6, true); // the voided deposit is not released
        uint256 custody = h.tokA().balanceOf(address(h.a()));
        h.refundOnSource(0, true);
        assertEq(h.tokA().balanceOf(address(h.a())), custody - 5_000e18 * 9975 / 10_000, "refunded from custody");
        uint256 supply = h.wA().totalSupply();
        h.refundOnSource(0, false);
        assertEq(h.wA().totalSupply(), supply + 500e6, "minted back on B");
        h.refundOnSource(0, true); // a second refund is refused
        h.forgeRefund(0, 7, true);
        h.forgeRefund(0, 7, false);
        assertEq(h.refunds(), 2, "one refund each way");
        invariant_Item11_ReleasedNeverExceedsLockedPerRoute();
        invariant_Item11_CustodyCoversLiabilities();
        invariant_Item09_AnyWindowWithinCap();
        invariant_Item01_NoReplayNoForgery();
        invariant_ValidReleasesFailOnlyOnCaps();
        invariant_Item11_EventsAloneReconcile();
        // A batch overlapping released deposits pays the rest and skips those.
        uint256 before = h.releases();
        h.lockOnA(0, false, 1_000e18);
        h.warp(12 hours);
        h.warp(12 hours);
        h.warp(6 hours);
        h.relayBatchToB(0, 6);
        assertTrue(h.skips() > 0, "a batch skipped released members");
        assertTrue(h.releases() > before, "and paid the others");
        invariant_Item11_EventsAloneReconcile();
        invariant_ValidReleasesFailOnlyOnCaps();
        invariant_Item01_NoReplayNoForgery();
    }

    /// What an operator checks from events alone: every Released names a lock of its route and
    /// is the deposit's first; custody = sum of Locked (received - fee) - sum of Released - sum of
    /// Refunded; wrapped supply <= custody, scaled.
    function invariant_Item11_EventsAloneReconcile() public view {
        assertFalse(h.eventsDisagree(), "a Released without its Locked, twice, or a Locked not matching custody");
        address tokA = address(h.tokA());
        address fot = address(h.fot());
        uint256 netA = h.evNetLocked(tokA) - h.evReleased(tokA) - h.evRefunded(tokA);
        uint256 netF = h.evNetLocked(fot) - h.evReleased(fot) - h.evRefunded(fot);
        assertEq(h.tokA().balanceOf(address(h.a())), netA, "tokA custody == net locked - released - refunded");
        assertEq(h.fot().balanceOf(address(h.a())), netF, "fot custody == net locked - released - refunded");
        assertLe(h.evReleased(address(h.wA())) * 1e12, h.evNetLocked(tokA), "wA minted <= locked, scaled");
        assertLe(h.wA().totalSupply() * 1e12, netA, "wA supply <= custody, scaled");
        assertLe(h.wF().totalSupply(), netF, "wF supply <= custody");
    }

    /// The cap-change action reaches the case that once reopened a full window: the cap used up,
    /// the token stopped and restored, and the next relay still refused until the window passes.
    function test_HandlerCapChangesKeepTheWindow() public {
        for (uint256 i; i < 5; ++i) {
            h.lockOnA(i, false, 5_000e18);
        }
        for (uint256 i; i < 5; ++i) {
            h.relayToB(i);
        }
        assertEq(h.releases(), 4, "four fit the 20k cap");
        h.setCaps(2, 0, 0); // stop wA
        h.setCaps(2, 2, 0); // restore it
        uint256 refusals = h.capRefusals();
        for (uint256 i; i < 5; ++i) {
            h.relayToB(i);
        }
        assertEq(h.releases(), 4, "still nothing fits after stop and restore");
        assertTrue(h.capRefusals() > refusals, "refused by the cap");
        h.setCaps(2, 3, 2); // raise to 40k: one more fits
        h.relayToB(4);
        assertEq(h.releases(), 5, "released within the raised cap");
        assertEq(h.capChanges(), 3, "cap changes logged");
        invariant_Item09_AnyWindowWithinCap();
        invariant_ValidReleasesFailOnlyOnCaps();
    }

    function invariant_Item11_WrappedSupplyIsBoundedByCustody() public view {
        assertLe(h.wA().totalSupply() * 1e12, h.tokA().balanceOf(address(h.a())), "wA backed");
        assertLe(h.wF().totalSupply(), h.fot().balanceOf(address(h.a())), "wF backed");
    }
}

/// @notice Item 9 under admin cap changes, with daily caps of two transfers so random runs fill
/// windows often: stop, lower, restore and raise between locks, relays and time jumps; at every
/// release the 24 h ending then stays within the cap in force then.
contract BridgeCapChangeInvariantTest is TestBase {
    BridgeHandler internal h;

    function setUp() public {
        vm.warp(1_750_000_000);
        h = new BridgeHandler(1_750_000_000, 8_000);
        _targetContract(address(h));
        bytes4[] memory sel = new bytes4[](7);
        sel[0] = BridgeHandler.lockOnA.selector;
        sel[1] = BridgeHandler.relayToB.selector;
        sel[2] = BridgeHandler.relayBatchToB.selector;
        sel[3] = BridgeHandler.setCaps.selector;
        sel[4] = BridgeHandler.warp.selector;
        sel[5] = BridgeHandler.lockOnB.selector;
        sel[6] = BridgeHandler.relayToA.selector;
        _targetSelectors(address(h), sel);
    }

    /// forge-config: default.invariant.depth = 200
    function invariant_Item09_AnyWindowWithinCapUnderCapChanges() public view {
        assertFalse(h.windowViolated(), "a 24 h window exceeded the cap in force");
        assertFalse(h.capAboveAsked(), "an effective cap above the asked cap");
    }

    function invariant_ValidReleasesFailOnlyOnCaps() public view {
        assertEq(
            bytes32(h.unexpectedRevert()), bytes32(0), "a correctly signed release failed for a reason other than a cap"
        );
    }
}
