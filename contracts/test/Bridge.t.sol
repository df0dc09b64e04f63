// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {BridgeFixture} from "./BridgeFixture.sol";
import {Vm} from "./utils/TestBase.sol";
import {Bridge} from "../src/Bridge.sol";
import {BridgedToken} from "../src/BridgedToken.sol";
import {Release, TokenMode} from "../src/BridgeTypes.sol";
import {TestToken} from "../src/test-helpers/TestToken.sol";
import {FeeOnTransferToken} from "../src/test-helpers/FeeOnTransferToken.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.sol";
import {HookToken, ReentrantRecipient} from "./mocks/HookToken.sol";
import {BlocklistToken} from "./mocks/BlocklistToken.sol";
import {BridgeHarness} from "./harness/BridgeHarness.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Unit and fuzz tests of Bridge, named after the contract items of SECURITY.md.
contract BridgeTest is BridgeFixture {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    // ================================================================ basics

    function test_Release_PaysCustodyTokenAndEmitsReleased() public {
        Release memory r = _rel(1, address(usdc), bob, 250e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Released(_depositId(r), REMOTE_CHAIN, bob, REMOTE_BRIDGE, 1, address(usdc), 250e6);
        bridge.release(r, sig);
        assertEq(usdc.balanceOf(bob), 250e6, "recipient paid");
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 1), "marked released");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 2), "neighbour untouched");
    }

    function test_Release_MintsBridgedToken() public {
        Release memory r = _rel(7, address(wrapped), bob, 3e18);
        bridge.release(r, _signRelease(bridge, r));
        assertEq(wrapped.balanceOf(bob), 3e18, "minted to recipient");
        assertEq(wrapped.totalSupply(), 3e18, "supply grew by the release");
    }

    function test_ReleaseBatch_PaysEveryEntry() public {
        Release[] memory rs = new Release[](3);
        rs[0] = _rel(10, address(usdc), alice, 1e6);
        rs[1] = _rel(11, address(wrapped), bob, 2e18);
        rs[2] = _rel(300, address(dai), bob, 3e18);
        bridge.releaseBatch(rs, _signBatch(bridge, rs));
        assertEq(usdc.balanceOf(alice), 1e6, "usdc");
        assertEq(wrapped.balanceOf(bob), 2e18, "wrapped");
        assertEq(dai.balanceOf(bob), 3e18, "dai");
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 300), "second bitmap word");
    }

    function test_ReleaseBatch_EmptyReverts() public {
        Release[] memory rs = new Release[](0);
        bytes memory sig = _signBatch(bridge, rs);
        vm.expectRevert(Bridge.EmptyBatch.selector);
        bridge.releaseBatch(rs, sig);
    }

    function test_Release_UnconfiguredTokenReverts() public {
        // Poly lesson: the release path reaches nothing but a configured token.
        Release memory r = _rel(1, address(bridge), bob, 1);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.TokenNotConfigured.selector, address(bridge)));
        bridge.release(r, sig);
    }

    function test_Release_RecipientZeroOrBridgeReverts() public {
        Release memory r = _rel(1, address(usdc), address(0), 1e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidRecipient.selector, address(0)));
        bridge.release(r, sig);
        r.recipient = address(bridge);
        sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidRecipient.selector, address(bridge)));
        bridge.release(r, sig);
    }

    function test_Release_ZeroAmountReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 0);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(Bridge.ZeroAmount.selector);
        bridge.release(r, sig);
    }

    function test_Release_DirtyAddressBitsRevertEvenIfSigned() public {
        // Even if the group signed the hash of a non-canonical encoding (high bits set in an
        // address word), the ABI decoder refuses the field: nothing is paid or marked.
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes32 dirtyRecipient = bytes32(uint256(uint160(bob)) | (uint256(1) << 255));
        bytes32 dirtyStruct = keccak256(
            abi.encode(RELEASE_TYPE, r.srcChainId, r.srcBridge, r.nonce, r.token, dirtyRecipient, r.amount)
        );
        bytes memory sig = _sign(_digestFor(block.chainid, address(bridge), dirtyStruct));
        bytes memory data = abi.encodeCall(Bridge.release, (r, sig));
        assembly {
            mstore(add(add(data, 0x20), add(4, mul(32, 4))), dirtyRecipient)
        }
        (bool ok, bytes memory ret) = address(bridge).call(data);
        assertFalse(ok, "dirty encoding refused");
        assertEq(ret.length, 0, "refused by the ABI decoder (no custom error), not by the signature check");
        assertEq(usdc.balanceOf(bob), 0, "nothing paid");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 1), "nothing marked");
    }

    function test_ConfigureToken_RejectsTheBridgeItself() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAContract.selector, address(bridge)));
        bridge.configureToken(address(bridge), TokenMode.LOCK_RELEASE, 18);
    }

    function test_Lock_EmitsLockedWithNoncesFromOne() public {
        _fundAndApprove(alice, usdc, 300e6, address(bridge));
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(usdc), address(0x5EC0), alice, bob, 100e18, 100e6, 0);
        vm.prank(alice);
        uint256 n1 = bridge.lock(address(usdc), 100e6, REMOTE_CHAIN, bob);
        vm.prank(alice);
        uint256 n2 = bridge.lock(address(usdc), 200e6, REMOTE_CHAIN, bob);
        assertEq(n1, 1, "first nonce is 1");
        assertEq(n2, 2, "nonces increase by one");
        assertEq(bridge.lastNonce(), 2, "lastNonce");
    }

    function test_Lock_BurnsBridgedToken() public {
        Release memory r = _rel(1, address(wrapped), alice, 5e18);
        bridge.release(r, _signRelease(bridge, r));
        vm.prank(alice);
        wrapped.approve(address(bridge), 5e18);
        vm.prank(alice);
        bridge.lock(address(wrapped), 5e18, REMOTE_CHAIN, bob);
        assertEq(wrapped.totalSupply(), 0, "burned, nothing left in custody");
        assertEq(wrapped.balanceOf(address(bridge)), 0, "bridge holds none");
    }

    function test_Lock_ZeroRecipientReverts() public {
        _fundAndApprove(alice, usdc, 1e6, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidRecipient.selector, address(0)));
        bridge.lock(address(usdc), 1e6, REMOTE_CHAIN, address(0));
    }

    function test_Lock_FeeGoesToTreasury() public {
        vm.prank(admin);
        bridge.setFee(30); // 0.3 %
        _fundAndApprove(alice, usdc, 1000e6, address(bridge));
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(usdc), address(0x5EC0), alice, bob, 997e18, 1000e6, 3e6);
        vm.prank(alice);
        bridge.lock(address(usdc), 1000e6, REMOTE_CHAIN, bob);
        assertEq(usdc.balanceOf(treasury), 3e6, "fee to treasury");
    }

    function test_BridgedToken_OnlyBridgeMintsAndBurns() public {
        vm.expectRevert(abi.encodeWithSelector(BridgedToken.OnlyBridge.selector, address(this)));
        wrapped.mint(address(this), 1);
        vm.expectRevert(abi.encodeWithSelector(BridgedToken.OnlyBridge.selector, address(this)));
        wrapped.burn(1);
        assertEq(wrapped.decimals(), 18, "decimals fixed at deployment");
    }

    function test_ConfigureToken_BurnMintRequiresOwnBridgedToken() public {
        BridgedToken foreign = new BridgedToken("F", "F", 18, address(0xF0F0));
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotMintableByBridge.selector, address(foreign)));
        bridge.configureToken(address(foreign), TokenMode.BURN_MINT, 18);
        TestToken plain = new TestToken("P", "P", 18);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotMintableByBridge.selector, address(plain)));
        bridge.configureToken(address(plain), TokenMode.BURN_MINT, 18);
        vm.stopPrank();
    }

    function test_ConfigureToken_DecimalsMustMatchAndNeverChange() public {
        TestToken t = new TestToken("T", "T", 8);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.DecimalsMismatch.selector, uint8(8), uint8(18)));
        bridge.configureToken(address(t), TokenMode.LOCK_RELEASE, 18);
        bridge.configureToken(address(t), TokenMode.LOCK_RELEASE, 8);
        vm.expectRevert(abi.encodeWithSelector(Bridge.TokenAlreadyConfigured.selector, address(t)));
        bridge.configureToken(address(t), TokenMode.BURN_MINT, 8);
        vm.stopPrank();
    }

    function test_Admin_SettersNeedAdminRole() public {
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, bytes32(0));
        vm.startPrank(alice);
        vm.expectRevert(denied);
        bridge.setTrustedSource(1, address(1), true);
        vm.expectRevert(denied);
        bridge.setRoute(address(usdc), 1, address(1), 6);
        vm.expectRevert(denied);
        bridge.setTokenCaps(address(usdc), 1, 1);
        vm.expectRevert(denied);
        bridge.setTokenAllowed(address(usdc), false);
        vm.expectRevert(denied);
        bridge.setFee(1);
        vm.expectRevert(denied);
        bridge.setTreasury(alice);
        vm.stopPrank();
    }

    function test_Admin_FeeIsBounded() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.FeeTooHigh.selector, uint16(501)));
        bridge.setFee(501);
    }

    // ================================================================ item 1: replay

    function test_Item01_ReplayOfReleaseReverts() public {
        Release memory r = _rel(42, address(usdc), bob, 10e6);
        bytes memory sig = _signRelease(bridge, r);
        bridge.release(r, sig);
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(r)));
        bridge.release(r, sig);
        assertEq(usdc.balanceOf(bob), 10e6, "paid once");
    }

    function test_Item01_ReplayWithDifferentPayloadReverts() public {
        Release memory r = _rel(42, address(usdc), bob, 10e6);
        bridge.release(r, _signRelease(bridge, r));
        // Even a validly signed second payload for the same deposit is refused.
        Release memory other = _rel(42, address(dai), alice, 99e18);
        bytes memory sig = _signRelease(bridge, other);
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(other)));
        bridge.release(other, sig);
    }

    /// The group never signs a deposit twice in one batch, but if it did, the second entry finds
    /// the bit the first one set and is skipped: paid once.
    function test_Item01_DuplicateInsideBatchIsPaidOnce() public {
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(5, address(usdc), bob, 1e6);
        rs[1] = _rel(5, address(usdc), bob, 1e6);
        bytes memory sig = _signBatch(bridge, rs);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.ReleaseSkipped(_depositId(rs[1]));
        bridge.releaseBatch(rs, sig);
        assertEq(usdc.balanceOf(bob), 1e6, "paid once");
    }

    /// Anyone may front-run a batch with a single release of one member: the batch still pays
    /// the others and says which one it skipped.
    function test_Item01_BatchSkipsAMemberFrontRunBySingle() public {
        Release[] memory rs = new Release[](3);
        rs[0] = _rel(8, address(usdc), alice, 1e6);
        rs[1] = _rel(9, address(usdc), bob, 2e6);
        rs[2] = _rel(10, address(wrapped), alice, 3e18);
        bytes memory sig = _signBatch(bridge, rs);
        bridge.release(rs[1], _signRelease(bridge, rs[1]));

        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Released(_depositId(rs[0]), REMOTE_CHAIN, alice, REMOTE_BRIDGE, 8, address(usdc), 1e6);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.ReleaseSkipped(_depositId(rs[1]));
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Released(_depositId(rs[2]), REMOTE_CHAIN, alice, REMOTE_BRIDGE, 10, address(wrapped), 3e18);
        bridge.releaseBatch(rs, sig);

        assertEq(usdc.balanceOf(alice), 1e6, "first member paid");
        assertEq(usdc.balanceOf(bob), 2e6, "front-run member paid once, by the single");
        assertEq(wrapped.balanceOf(alice), 3e18, "last member paid");
    }

    /// Decision: a batch that would pay nothing reverts (BatchAlreadyReleased), so a replayed or
    /// fully front-run batch fails cheaply in simulation and leaves no success receipt behind.
    function test_Item01_ReplayOfBatchReverts() public {
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(1, address(usdc), bob, 1e6);
        rs[1] = _rel(2, address(usdc), bob, 1e6);
        bytes memory sig = _signBatch(bridge, rs);
        bridge.releaseBatch(rs, sig);
        vm.expectRevert(Bridge.BatchAlreadyReleased.selector);
        bridge.releaseBatch(rs, sig);
        assertEq(usdc.balanceOf(bob), 2e6, "paid once each");
    }

    function test_Item01_BatchWhoseMembersWereAllReleasedBySinglesReverts() public {
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(3, address(usdc), bob, 1e6);
        rs[1] = _rel(4, address(wrapped), bob, 1e18);
        bytes memory sig = _signBatch(bridge, rs);
        bridge.release(rs[0], _signRelease(bridge, rs[0]));
        bridge.release(rs[1], _signRelease(bridge, rs[1]));
        vm.expectRevert(Bridge.BatchAlreadyReleased.selector);
        bridge.releaseBatch(rs, sig);
        assertEq(usdc.balanceOf(bob), 1e6, "custody paid once");
        assertEq(wrapped.totalSupply(), 1e18, "minted once");
    }

    /// Decision: a member whose payout fails (over a cap, token not configured, the token refusing
    /// the recipient) reverts the whole batch; no replay bit stays set, so the relayer can send the
    /// same deposits as single releases, and the payable ones go through.
    function test_Item01_BatchWithAFailingMemberRevertsAndMarksNothing() public {
        BlocklistToken blk = new BlocklistToken();
        _configureCustody(address(blk), 18);
        blk.mint(address(bridge), 100e18);
        blk.setBlocked(alice, true);
        address unconfigured = address(new TestToken("U", "U", 18));
        Release memory front = _rel(20, address(usdc), bob, 1e6);
        bridge.release(front, _signRelease(bridge, front));

        Release[4] memory failing = [
            _rel(22, address(usdc), bob, 1_000_001e6), // over the per-transfer cap
            _rel(22, unconfigured, bob, 1e18), // token not configured
            _rel(22, address(blk), alice, 1e18), // token refuses the recipient
            _rel(22, address(blk), bob, 200e18) // the bridge holds too little of the token
        ];
        for (uint256 k; k < failing.length; ++k) {
            Release[] memory rs = new Release[](3);
            rs[0] = _rel(21, address(usdc), bob, 1e6);
            rs[1] = front; // already released: would be skipped
            rs[2] = failing[k];
            bytes memory sig = _signBatch(bridge, rs);
            (bool ok,) = address(bridge).call(abi.encodeCall(Bridge.releaseBatch, (rs, sig)));
            assertFalse(ok, "batch reverts whole");
            assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 21), "payable member not marked");
            assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 22), "failing member not marked");
            assertEq(usdc.balanceOf(bob), 1e6, "nothing paid");
        }
        // The fallback: the same deposit as a single release goes through.
        Release memory payable_ = _rel(21, address(usdc), bob, 1e6);
        bridge.release(payable_, _signRelease(bridge, payable_));
        assertEq(usdc.balanceOf(bob), 2e6, "single release of the payable member");
        // And a batch without the failing member goes through, skipping the one released before.
        Release[] memory rest = new Release[](2);
        rest[0] = _rel(23, address(usdc), bob, 1e6);
        rest[1] = front;
        bridge.releaseBatch(rest, _signBatch(bridge, rest));
        assertEq(usdc.balanceOf(bob), 3e6, "batch with a released member paid the other");
    }

    /// For any subset of a batch released beforehand (by singles), the batch pays exactly the
    /// rest, skips exactly that subset, and every deposit ends paid exactly once.
    function testFuzz_Item01_AnySubsetAlreadyReleasedPaysEachOnce(uint256 mask, uint8 len) public {
        uint256 n = _bound(len, 1, 10);
        mask &= (1 << n) - 1;
        Release[] memory rs = new Release[](n);
        for (uint256 i; i < n; ++i) {
            address token = i % 2 == 0 ? address(usdc) : address(wrapped);
            rs[i] = _rel(250 + i, token, address(uint160(0xC0DE00 + i)), (i + 1) * 1e6); // straddles a bitmap word
        }
        bytes memory sig = _signBatch(bridge, rs);
        uint256 before;
        for (uint256 i; i < n; ++i) {
            if (mask & (1 << i) != 0) {
                bridge.release(rs[i], _signRelease(bridge, rs[i]));
                ++before;
            }
        }
        Vm.Log[] memory logs;
        if (before == n) {
            vm.expectRevert(Bridge.BatchAlreadyReleased.selector);
            bridge.releaseBatch(rs, sig);
        } else {
            vm.recordLogs();
            bridge.releaseBatch(rs, sig);
            logs = vm.getRecordedLogs();
        }
        uint256 paidNow;
        uint256 skipped;
        for (uint256 j; j < logs.length; ++j) {
            if (logs[j].topics[0] == Bridge.Released.selector) ++paidNow;
            if (logs[j].topics[0] == Bridge.ReleaseSkipped.selector) {
                ++skipped;
                bool wasBefore;
                for (uint256 i; i < n; ++i) {
                    if (logs[j].topics[1] == _depositId(rs[i])) wasBefore = mask & (1 << i) != 0;
                }
                assertTrue(wasBefore, "only deposits released before are skipped");
            }
        }
        assertEq(paidNow, before == n ? 0 : n - before, "the batch pays exactly the rest");
        assertEq(skipped, before == n ? 0 : before, "and skips exactly the subset");
        for (uint256 i; i < n; ++i) {
            uint256 bal = i % 2 == 0 ? usdc.balanceOf(rs[i].recipient) : wrapped.balanceOf(rs[i].recipient);
            assertEq(bal, rs[i].amount, "each deposit paid exactly once");
            assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, rs[i].nonce), "marked");
        }
    }

    function test_Item01_SameNonceFromAnotherSourceIsSeparate() public {
        address otherBridge = address(0x0B2);
        vm.prank(admin);
        bridge.setTrustedSource(REMOTE_CHAIN + 1, otherBridge, true);
        vm.prank(admin);
        bridge.setTrustedSource(REMOTE_CHAIN, otherBridge, true);
        Release memory a = _rel(3, address(usdc), bob, 1e6);
        Release memory b = _rel(3, address(usdc), bob, 1e6);
        b.srcBridge = otherBridge;
        Release memory c = _rel(3, address(usdc), bob, 1e6);
        c.srcChainId = REMOTE_CHAIN + 1;
        c.srcBridge = otherBridge;
        bridge.release(a, _signRelease(bridge, a));
        bridge.release(b, _signRelease(bridge, b));
        bridge.release(c, _signRelease(bridge, c));
        assertEq(usdc.balanceOf(bob), 3e6, "three distinct deposits");
    }

    function test_Item01_PrewarmedWordsMarkNoDeposit() public {
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, 0, 4 * 255);
        for (uint256 n; n <= 5 * 255; ++n) {
            assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, n), "sentinel is no deposit");
        }
        for (uint256 n = 254; n <= 256; ++n) {
            Release memory r = _rel(n, address(usdc), bob, 1e6);
            bridge.release(r, _signRelease(bridge, r));
            assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, n), "released across the word edge");
        }
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 253), "neighbour below");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 257), "neighbour above");
    }

    function test_Item01_PrewarmOnlyForTrustedSourcesAndBoundedRanges() public {
        vm.expectRevert(abi.encodeWithSelector(Bridge.UntrustedSource.selector, REMOTE_CHAIN, address(0xBAD)));
        bridge.prewarmReplayWords(REMOTE_CHAIN, address(0xBAD), 0, 10);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidNonceRange.selector, 10, 0));
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, 10, 0);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidNonceRange.selector, 0, 64 * 255));
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, 0, 64 * 255);
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, 0, 64 * 255 - 1);
    }

    function test_Item01_NonceZeroIsNeverValid() public {
        Release memory r = _rel(0, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(Bridge.InvalidNonce.selector);
        bridge.release(r, sig);
    }

    function testFuzz_Item01_AnyNonceReleasesOnce(uint256 nonce) public {
        nonce = _bound(nonce, 1, type(uint256).max);
        Release memory r = _rel(nonce, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        bridge.release(r, sig);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, nonce), "set");
        if (nonce > 1) assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, nonce - 1), "below untouched");
        if (nonce < type(uint256).max) {
            assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, nonce + 1), "above untouched");
        }
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(r)));
        bridge.release(r, sig);
    }

    // ================================================================ item 2: domain and source binding

    function test_Item02_HashReleaseIsTheEip712Digest() public view {
        Release memory r = _rel(77, address(dai), alice, 123);
        assertEq(bridge.hashRelease(r), _digest(bridge, r), "digest");
        assertEq(bridge.domainSeparator(), _domainSeparator(block.chainid, address(bridge)), "domain");
        assertEq(bridge.RELEASE_TYPEHASH(), vm.eip712HashType("Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)"), "type hash per forge's EIP-712 encoder");
        Release[] memory rs = new Release[](2);
        rs[0] = r;
        rs[1] = _rel(78, address(usdc), bob, 5);
        assertEq(bridge.hashReleaseBatch(rs), _batchDigest(bridge, rs), "batch digest");
    }

    function testFuzz_Item02_BatchDigestMatchesIndependentEncoding(uint256 seed, uint8 len) public view {
        len = uint8(_bound(len, 1, 20));
        Release[] memory rs = new Release[](len);
        for (uint256 i; i < len; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            rs[i] = Release({
                srcChainId: seed % 1e6,
                srcBridge: address(uint160(seed >> 96)),
                nonce: seed >> 200,
                token: address(uint160(seed >> 40)),
                recipient: address(uint160(seed)),
                amount: seed >> 1
            });
        }
        assertEq(bridge.hashReleaseBatch(rs), _batchDigest(bridge, rs), "batch digest");
        assertEq(bridge.hashRelease(rs[0]), _digest(bridge, rs[0]), "single digest");
    }

    function test_Item02_SignatureForAnotherChainIdReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = _sign(_digestFor(block.chainid + 1, address(bridge), _structHash(r)));
        vm.expectRevert(); // recovers to some unrelated address
        bridge.release(r, sig);
        assertEq(usdc.balanceOf(bob), 0, "nothing paid");
    }

    function test_Item02_SignatureForAnotherVerifyingContractReverts() public {
        Bridge twin = new Bridge(admin, guardian, groupSigner, treasury, DELAY);
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sigForTwin = _signRelease(twin, r);
        address recovered = _recover(_digest(bridge, r), sigForTwin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, recovered));
        bridge.release(r, sigForTwin);
    }

    function test_Item02_ChainIdChangeInvalidatesSignature() public {
        // Same contract address after a chain split / fork: the cached domain must not be reused.
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.chainId(block.chainid + 7);
        address recovered = _recover(_digest(bridge, r), sig);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, recovered));
        bridge.release(r, sig);
    }

    function test_Item02_UntrustedSourceReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        r.srcBridge = address(0xBAD);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.UntrustedSource.selector, REMOTE_CHAIN, address(0xBAD)));
        bridge.release(r, sig);
        r.srcBridge = REMOTE_BRIDGE;
        r.srcChainId = REMOTE_CHAIN + 1;
        sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.UntrustedSource.selector, REMOTE_CHAIN + 1, REMOTE_BRIDGE));
        bridge.release(r, sig);
    }

    function test_Item02_DistrustedSourceStopsReleases() public {
        vm.prank(admin);
        bridge.setTrustedSource(REMOTE_CHAIN, REMOTE_BRIDGE, false);
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.UntrustedSource.selector, REMOTE_CHAIN, REMOTE_BRIDGE));
        bridge.release(r, sig);
    }

    function testFuzz_Item02_AnyAlteredFieldBreaksSignature(uint8 field, uint256 delta) public {
        Release memory r = _rel(100, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        field = uint8(_bound(field, 0, 3));
        if (field == 0) r.nonce += _bound(delta, 1, 1e30);
        else if (field == 1) r.amount += _bound(delta, 1, 1e12);
        else if (field == 2) r.recipient = address(uint160(r.recipient) + uint160(_bound(delta, 1, 1e9)));
        else r.token = address(dai);
        vm.expectRevert();
        bridge.release(r, sig);
    }

    function test_Item02_SignatureFromAnotherKeyReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = _signWith(0xBEEF, _digest(bridge, r));
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, vm.addr(0xBEEF)));
        bridge.release(r, sig);
    }

    // ================================================================ item 3: signature form

    function test_Item03_HighSReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(SIGNER_PK, _digest(bridge, r));
        // The malleable twin (n - s, flipped v) recovers to the same signer with plain ecrecover.
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        uint8 flipped = v == 27 ? 28 : 27;
        assertEq(ecrecover(_digest(bridge, r), flipped, rr, highS), groupSigner, "twin is valid for raw ecrecover");
        bytes memory sig = abi.encodePacked(rr, highS, flipped);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureS.selector, highS));
        bridge.release(r, sig);
    }

    function testFuzz_Item03_VOutside27And28Reverts(uint8 v) public {
        vm.assume(v != 27 && v != 28);
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        (, bytes32 rr, bytes32 s) = vm.sign(SIGNER_PK, _digest(bridge, r));
        bytes memory sig = abi.encodePacked(rr, s, v);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureV.selector, v));
        bridge.release(r, sig);
    }

    function test_Item03_VZeroOrOneReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(SIGNER_PK, _digest(bridge, r));
        bytes memory sig = abi.encodePacked(rr, s, v - 27); // the "raw recovery id" form
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureV.selector, v - 27));
        bridge.release(r, sig);
    }

    function test_Item03_CompactSignatureReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(SIGNER_PK, _digest(bridge, r));
        bytes32 vs = bytes32(uint256(s) | (uint256(v - 27) << 255)); // EIP-2098
        bytes memory sig = abi.encodePacked(rr, vs);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureLength.selector, 64));
        bridge.release(r, sig);
        Release[] memory rs = new Release[](1);
        rs[0] = r;
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureLength.selector, 64));
        bridge.releaseBatch(rs, sig);
    }

    function testFuzz_Item03_AnyLengthButSixtyFiveReverts(uint256 len) public {
        len = _bound(len, 0, 200);
        vm.assume(len != 65);
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory good = _signRelease(bridge, r);
        bytes memory sig = new bytes(len);
        for (uint256 i; i < len && i < 65; ++i) {
            sig[i] = good[i];
        }
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureLength.selector, len));
        bridge.release(r, sig);
    }

    // ================================================================ item 4: address(0)

    function test_Item04_SignatureRecoveringToZeroReverts() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        // r = 0 is not a curve point: ecrecover returns address(0).
        bytes memory sig = abi.encodePacked(bytes32(0), bytes32(uint256(1)), uint8(27));
        assertEq(ecrecover(_digest(bridge, r), 27, bytes32(0), bytes32(uint256(1))), address(0), "precompile gives 0");
        vm.expectRevert(Bridge.InvalidSignature.selector);
        bridge.release(r, sig);
    }

    function testFuzz_Item04_GarbageSignatureNeverReleases(bytes32 rr, bytes32 s, bool high) public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = abi.encodePacked(rr, s, high ? uint8(28) : uint8(27));
        vm.expectRevert();
        bridge.release(r, sig);
    }

    function test_Item04_ConstructorRejectsZeroSigner() public {
        vm.expectRevert(Bridge.ZeroAddress.selector);
        new Bridge(admin, guardian, address(0), treasury, DELAY);
        vm.expectRevert(Bridge.ZeroAddress.selector);
        new Bridge(address(0), guardian, groupSigner, treasury, DELAY);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidTimelockDelay.selector, uint64(0)));
        new Bridge(admin, guardian, groupSigner, treasury, 0);
    }

    function test_Item04_RotationToZeroSignerReverts() public {
        vm.prank(admin);
        vm.expectRevert(Bridge.ZeroAddress.selector);
        bridge.scheduleGroupSignerRotation(address(0));
        assertTrue(bridge.groupSigner() != address(0), "signer set");
    }

    // ================================================================ item 5: re-entrancy

    function test_Item05_ReentrantTokenCannotReleaseTwice() public {
        ReentrantToken evil = new ReentrantToken();
        _configureCustody(address(evil), 18);
        evil.mint(address(bridge), 100e18);
        Release memory r = _rel(1, address(evil), bob, 10e18);
        bytes memory sig = _signRelease(bridge, r);
        evil.arm(address(bridge), abi.encodeCall(Bridge.release, (r, sig)), REMOTE_CHAIN, REMOTE_BRIDGE, 1);

        bridge.release(r, sig);

        assertFalse(evil.attackSucceeded(), "re-entry failed");
        assertEq(
            keccak256(evil.attackRevertData()),
            keccak256(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)),
            "stopped by the guard"
        );
        assertTrue(evil.sawReleasedDuringCallback(), "replay bit set before the token call");
        assertEq(evil.balanceOf(bob), 10e18, "paid once");
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(r)));
        bridge.release(r, sig);
    }

    function test_Item05_ReentrantTokenCannotLockDuringRelease() public {
        ReentrantToken evil = new ReentrantToken();
        _configureCustody(address(evil), 18);
        vm.prank(admin);
        bridge.setRoute(address(evil), REMOTE_CHAIN, address(0xE1), 18);
        evil.mint(address(bridge), 100e18);
        evil.mint(address(evil), 5e18);
        Release memory r = _rel(1, address(evil), bob, 10e18);
        bytes memory sig = _signRelease(bridge, r);
        evil.arm(
            address(bridge), abi.encodeCall(Bridge.lock, (address(evil), 5e18, REMOTE_CHAIN, bob)), REMOTE_CHAIN, REMOTE_BRIDGE, 1
        );
        bridge.release(r, sig);
        assertFalse(evil.attackSucceeded(), "nested lock refused");
        assertEq(
            keccak256(evil.attackRevertData()),
            keccak256(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)),
            "stopped by the guard"
        );
        assertEq(bridge.lastNonce(), 0, "no lock happened");
    }

    /// The classic balance-delta double count: a token re-entering lock from its own transferFrom
    /// would make the outer lock count the inner deposit too. The guard refuses the inner call.
    function test_Item05_ReentrantTokenCannotDoubleCountALock() public {
        ReentrantToken evil = new ReentrantToken();
        _configureCustody(address(evil), 18);
        vm.prank(admin);
        bridge.setRoute(address(evil), REMOTE_CHAIN, address(0xE1), 18);
        evil.mint(alice, 10e18);
        evil.mint(address(evil), 10e18);
        vm.prank(alice);
        evil.approve(address(bridge), 10e18);
        evil.setOnIncoming(true);
        evil.arm(
            address(bridge), abi.encodeCall(Bridge.lock, (address(evil), 10e18, REMOTE_CHAIN, bob)), REMOTE_CHAIN, REMOTE_BRIDGE, 1
        );
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(evil), address(0xE1), alice, bob, 10e18, 10e18, 0);
        vm.prank(alice);
        bridge.lock(address(evil), 10e18, REMOTE_CHAIN, bob);
        assertFalse(evil.attackSucceeded(), "nested lock refused");
        assertEq(bridge.lastNonce(), 1, "one lock");
        assertEq(evil.balanceOf(address(bridge)), 10e18, "custody equals the one locked amount");
    }

    function test_Item05_ReentrantTokenCannotReenterBatch() public {
        ReentrantToken evil = new ReentrantToken();
        _configureCustody(address(evil), 18);
        evil.mint(address(bridge), 100e18);
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(1, address(evil), bob, 1e18);
        rs[1] = _rel(2, address(evil), bob, 1e18);
        bytes memory sig = _signBatch(bridge, rs);
        Release memory third = _rel(3, address(evil), alice, 1e18);
        evil.arm(
            address(bridge),
            abi.encodeCall(Bridge.release, (third, _signRelease(bridge, third))),
            REMOTE_CHAIN,
            REMOTE_BRIDGE,
            1
        );
        bridge.releaseBatch(rs, sig);
        assertFalse(evil.attackSucceeded(), "nested release refused");
        assertEq(evil.balanceOf(bob), 2e18, "batch paid once each");
        assertEq(evil.balanceOf(alice), 0, "nested release paid nothing");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 3), "nested deposit untouched");
    }

    function test_Item05_ReentrantRecipientHookCannotReleaseTwice() public {
        HookToken hook = new HookToken();
        _configureCustody(address(hook), 18);
        hook.mint(address(bridge), 100e18);
        ReentrantRecipient attacker = new ReentrantRecipient();
        Release memory r = _rel(1, address(hook), address(attacker), 10e18);
        bytes memory sig = _signRelease(bridge, r);
        attacker.arm(address(bridge), abi.encodeCall(Bridge.release, (r, sig)));

        bridge.release(r, sig);

        assertEq(attacker.calls(), 1, "hook ran once");
        assertFalse(attacker.attackSucceeded(), "re-entry failed");
        assertEq(hook.balanceOf(address(attacker)), 10e18, "paid once");
    }

    // ================================================================ item 6: fee-on-transfer

    function test_Item06_FeeOnTransferLockEmitsWhatTheBridgeReceived() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(100); // 1 % burned per transfer
        _configureCustody(address(fot), 18);
        vm.prank(admin);
        bridge.setRoute(address(fot), REMOTE_CHAIN, address(0xF07), 18);
        fot.mint(alice, 1000e18);
        vm.prank(alice);
        fot.approve(address(bridge), 1000e18);

        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(fot), address(0xF07), alice, bob, 990e18, 990e18, 0);
        vm.prank(alice);
        bridge.lock(address(fot), 1000e18, REMOTE_CHAIN, bob);
        assertEq(fot.balanceOf(address(bridge)), 990e18, "bridge got 990");
    }

    function testFuzz_Item06_EventAmountEqualsBalanceDelta(uint256 amount, uint16 tokenFee, uint16 bridgeFee) public {
        amount = _bound(amount, 1e6, 1e30);
        tokenFee = uint16(_bound(tokenFee, 0, 2000));
        bridgeFee = uint16(_bound(bridgeFee, 0, 500));
        FeeOnTransferToken fot = new FeeOnTransferToken(tokenFee);
        _configureCustody(address(fot), 18);
        vm.startPrank(admin);
        bridge.setRoute(address(fot), REMOTE_CHAIN, address(0xF07), 18);
        bridge.setFee(bridgeFee);
        vm.stopPrank();
        fot.mint(alice, amount);
        vm.prank(alice);
        fot.approve(address(bridge), amount);

        vm.recordLogs();
        vm.prank(alice);
        bridge.lock(address(fot), amount, REMOTE_CHAIN, bob);
        (uint256 emitted, uint256 gained, uint256 feeOut) = _lockedFields();

        uint256 kept = fot.balanceOf(address(bridge));
        uint256 toTreasury = fot.balanceOf(treasury);
        assertEq(emitted, kept, "event amount == what stayed in custody");
        // The treasury transfer burns the token's own fee again, so it may get less than `fee`.
        assertEq(gained, kept + feeOut, "event received == custody kept + fee");
        assertEq(feeOut, gained * bridgeFee / 10_000, "event fee == the bridge fee of what was received");
        assertLe(toTreasury, feeOut, "treasury got the fee (less the token's own transfer fee)");
        uint256 received = amount - amount * tokenFee / 10_000;
        assertEq(kept + toTreasury + (received * bridgeFee / 10_000 - toTreasury), received, "fee accounting");
        assertLe(emitted, amount, "never more than sent");
    }

    // ================================================================ item 7: decimals

    function test_Item07_ScaleUpIsExact() public {
        _fundAndApprove(alice, usdc, 1_234_567, address(bridge));
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(usdc), address(0x5EC0), alice, bob, 1_234_567e12, 1_234_567, 0);
        vm.prank(alice);
        bridge.lock(address(usdc), 1_234_567, REMOTE_CHAIN, bob);
    }

    function test_Item07_ScaleDownIsExact() public {
        _fundAndApprove(alice, dai, 5e18, address(bridge));
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Locked(REMOTE_CHAIN, 1, address(dai), address(0xDA16), alice, bob, 5e6, 5e18, 0);
        vm.prank(alice);
        bridge.lock(address(dai), 5e18, REMOTE_CHAIN, bob);
    }

    function test_Item07_ScaleDownWithRemainderReverts() public {
        _fundAndApprove(alice, dai, 5e18 + 1, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InexactScaling.selector, 5e18 + 1, 1e12));
        bridge.lock(address(dai), 5e18 + 1, REMOTE_CHAIN, bob);
        assertEq(dai.balanceOf(alice), 5e18 + 1, "nothing taken");
    }

    function test_Item07_DustBelowOneDestinationUnitReverts() public {
        _fundAndApprove(alice, dai, 1e11, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InexactScaling.selector, 1e11, 1e12));
        bridge.lock(address(dai), 1e11, REMOTE_CHAIN, bob);
    }

    function test_Item07_FeeIsRoundedToWholeDestinationUnits() public {
        vm.prank(admin);
        bridge.setFee(7); // 0.07 % of 3.000001 DAI is not a whole micro-unit
        _fundAndApprove(alice, dai, 3_000_001e12, address(bridge));
        (uint256 fee, uint256 dstAmount) = bridge.quoteLock(address(dai), 3_000_001e12, REMOTE_CHAIN);
        assertEq(fee % 1e12, 0, "fee is whole destination units");
        assertEq(fee + dstAmount * 1e12, 3_000_001e12, "fee + scaled amount == received");
        vm.prank(alice);
        bridge.lock(address(dai), 3_000_001e12, REMOTE_CHAIN, bob);
        assertEq(dai.balanceOf(treasury), fee, "treasury got the quoted fee");
    }

    function testFuzz_Item07_ScalingConservesValue(uint256 amount, uint8 srcDec, uint8 dstDec) public {
        srcDec = uint8(_bound(srcDec, 0, 36));
        dstDec = uint8(_bound(dstDec, 0, 36));
        amount = _bound(amount, 1, 1e30);
        TestToken t = new TestToken("S", "S", srcDec);
        _configureCustody(address(t), srcDec);
        vm.prank(admin);
        bridge.setRoute(address(t), REMOTE_CHAIN, address(0x5CA1E), dstDec);
        _fundAndApprove(alice, t, amount, address(bridge));
        vm.recordLogs();
        vm.prank(alice);
        try bridge.lock(address(t), amount, REMOTE_CHAIN, bob) {
            uint256 out = _lockedAmount();
            // Value in a common unit is identical on both sides: nothing created or lost.
            uint8 hi = srcDec > dstDec ? srcDec : dstDec;
            assertEq(out * 10 ** (hi - dstDec), amount * 10 ** (hi - srcDec), "exact conversion");
        } catch (bytes memory err) {
            assertTrue(srcDec > dstDec, "only scaling down can be inexact");
            assertEq(bytes4(err), Bridge.InexactScaling.selector, "inexact reverts");
            assertTrue(amount % 10 ** (srcDec - dstDec) != 0, "and only when there is a remainder");
        }
    }

    // ================================================================ item 8: lock input

    function test_Item08_LockTokenZeroReverts() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAContract.selector, address(0)));
        bridge.lock(address(0), 1, REMOTE_CHAIN, bob);
    }

    function test_Item08_LockEoaReverts() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAContract.selector, address(0xE0A)));
        bridge.lock(address(0xE0A), 1, REMOTE_CHAIN, bob);
    }

    function test_Item08_LockNonAllowlistedTokenReverts() public {
        TestToken other = new TestToken("O", "O", 18);
        _fundAndApprove(alice, other, 1e18, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.TokenNotAllowed.selector, address(other)));
        bridge.lock(address(other), 1e18, REMOTE_CHAIN, bob);
    }

    function test_Item08_TokenRemovedFromAllowlistReverts() public {
        vm.prank(admin);
        bridge.setTokenAllowed(address(usdc), false);
        _fundAndApprove(alice, usdc, 1e6, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.TokenNotAllowed.selector, address(usdc)));
        bridge.lock(address(usdc), 1e6, REMOTE_CHAIN, bob);
    }

    function test_Item08_LockWithoutRouteReverts() public {
        _fundAndApprove(alice, usdc, 1e6, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RouteNotFound.selector, address(usdc), 999));
        bridge.lock(address(usdc), 1e6, 999, bob);
        vm.prank(admin);
        bridge.removeRoute(address(usdc), REMOTE_CHAIN);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RouteNotFound.selector, address(usdc), REMOTE_CHAIN));
        bridge.lock(address(usdc), 1e6, REMOTE_CHAIN, bob);
    }

    function test_Item08_ZeroAmountReverts() public {
        vm.prank(alice);
        vm.expectRevert(Bridge.ZeroAmount.selector);
        bridge.lock(address(usdc), 0, REMOTE_CHAIN, bob);
    }

    function test_Item08_CodelessTokenCannotBeConfigured() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAContract.selector, address(0xE0A)));
        bridge.configureToken(address(0xE0A), TokenMode.LOCK_RELEASE, 18);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAContract.selector, address(0)));
        bridge.configureToken(address(0), TokenMode.LOCK_RELEASE, 18);
        vm.stopPrank();
    }

    // ================================================================ item 9: caps

    function test_Item09_PerTransferCapOnReleaseReverts() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 1_000e6);
        Release memory r = _rel(1, address(usdc), bob, 100e6 + 1);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.CapExceeded.selector, address(usdc), 100e6 + 1, 100e6));
        bridge.release(r, sig);
        r.amount = 100e6;
        bridge.release(r, _signRelease(bridge, r));
    }

    function test_Item09_PerTransferCapOnLockReverts() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 1_000e6);
        _fundAndApprove(alice, usdc, 101e6, address(bridge));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.CapExceeded.selector, address(usdc), 101e6, 100e6));
        bridge.lock(address(usdc), 101e6, REMOTE_CHAIN, bob);
    }

    function test_Item09_RollingCapReverts() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 250e6);
        _releaseUsdc(1, 100e6);
        vm.warp(block.timestamp + 5 hours);
        _releaseUsdc(2, 100e6);
        vm.warp(block.timestamp + 5 hours);
        Release memory r = _rel(3, address(usdc), bob, 60e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RollingCapExceeded.selector, address(usdc), 60e6, 50e6));
        bridge.release(r, sig);
        assertEq(bridge.availableToRelease(address(usdc)), 50e6, "50 left");
        _releaseUsdc(4, 50e6);
        assertEq(bridge.availableToRelease(address(usdc)), 0, "cap used up");
    }

    function test_Item09_RollingCapCountsTheWholeLast24Hours() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 100e6);
        _releaseUsdc(1, 100e6);
        vm.warp(block.timestamp + 24 hours - 1);
        Release memory r = _rel(2, address(usdc), bob, 1);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RollingCapExceeded.selector, address(usdc), 1, 0));
        bridge.release(r, sig);
    }

    function test_Item09_RollingCapFreesAfterTheCountedSpan() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 100e6);
        _releaseUsdc(1, 100e6);
        vm.warp(block.timestamp + 28 hours); // 24 h plus at most one 4 h bucket
        _releaseUsdc(2, 100e6);
        assertEq(usdc.balanceOf(bob), 200e6, "second window");
    }

    function test_Item09_CapChangeKeepsAmountsAlreadyCounted() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 1_000_000e6, 4_000_000_000e6); // quantum > 1
        _releaseUsdc(1, 700_000e6);
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 1_000_000e6, 1_000_000e6); // quantum back to 1
        assertGe(bridge.releasedInWindow(address(usdc)), 700_000e6, "still counted after rescale");
        Release memory r = _rel(2, address(usdc), bob, 300_001e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert();
        bridge.release(r, sig);
    }

    function test_Item09_ZeroCapStopsTheToken() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 0, 0);
        Release memory r = _rel(1, address(usdc), bob, 1);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.CapExceeded.selector, address(usdc), 1, 0));
        bridge.release(r, sig);
    }

    function test_Item09_BatchCountsEveryEntryAgainstTheCap() public {
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 100e6, 150e6);
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(1, address(usdc), bob, 100e6);
        rs[1] = _rel(2, address(usdc), bob, 100e6);
        bytes memory sig = _signBatch(bridge, rs);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RollingCapExceeded.selector, address(usdc), 100e6, 50e6));
        bridge.releaseBatch(rs, sig);
    }

    function testFuzz_Item09_WindowSumMatchesPlainSum(uint256 w) public {
        BridgeHarness harness = new BridgeHarness(admin);
        // Counters are at most 2**31 each (the cap resolution); clamp fuzzed lanes to that.
        uint256 clamped = w & 0xffffffff;
        uint256 expected;
        for (uint256 i = 1; i <= 7; ++i) {
            uint256 lane = ((w >> (32 * i)) & 0xffffffff) % (2 ** 31 + 1);
            clamped |= lane << (32 * i);
            expected += lane;
        }
        assertEq(harness.windowSum(clamped), expected, "lane-parallel sum");
    }

    function test_DepositIdIsAbiEncodedHash() public view {
        assertEq(
            bridge.depositIdOf(REMOTE_CHAIN, REMOTE_BRIDGE, 77),
            keccak256(abi.encode(REMOTE_CHAIN, REMOTE_BRIDGE, uint256(77))),
            "depositId"
        );
    }

    /// Random release sizes and gaps: every 24 h window (ending at each release) stays within the cap.
    function testFuzz_Item09_AnyWindowStaysWithinCap(uint256 seed) public {
        uint256 cap = 1_000e6;
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), cap, cap);
        uint256[] memory times = new uint256[](40);
        uint256[] memory amounts = new uint256[](40);
        uint256 n;
        for (uint256 i; i < 40; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            vm.warp(block.timestamp + (seed % 10 hours));
            uint256 amount = 1 + (seed >> 128) % cap;
            Release memory r = _rel(i + 1, address(usdc), bob, amount);
            bytes memory sig = _signRelease(bridge, r);
            try bridge.release(r, sig) {
                times[n] = block.timestamp;
                amounts[n] = amount;
                ++n;
                uint256 inWindow;
                for (uint256 j; j < n; ++j) {
                    if (times[j] + 24 hours > block.timestamp) inWindow += amounts[j];
                }
                assertLe(inWindow, cap, "released in the last 24 h within cap");
            } catch (bytes memory err) {
                assertEq(bytes4(err), Bridge.RollingCapExceeded.selector, "only the cap refuses");
            }
        }
        assertTrue(n > 0, "some releases went through");
    }

    // ================================================================ item 10: pause, timelock

    function test_Item10_PauseStopsLock() public {
        vm.prank(guardian);
        bridge.pause();
        _fundAndApprove(alice, usdc, 1e6, address(bridge));
        vm.prank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.lock(address(usdc), 1e6, REMOTE_CHAIN, bob);
    }

    function test_Item10_PauseStopsReleaseAndBatch() public {
        vm.prank(guardian);
        bridge.pause();
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.release(r, sig);
        Release[] memory rs = new Release[](1);
        rs[0] = r;
        bytes memory bsig = _signBatch(bridge, rs);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.releaseBatch(rs, bsig);
    }

    function test_Item10_OnlyGuardianPauses() public {
        bytes32 role = bridge.GUARDIAN_ROLE();
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        bridge.pause();
    }

    function test_Item10_UnpauseOnlyAfterTimelock() public {
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bytes32 id = bridge.scheduleUnpause();
        assertEq(bridge.operationReadyAt(id), block.timestamp + DELAY, "ready after delay");
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotReady.selector, id, block.timestamp + 1));
        bridge.executeUnpause();
        vm.warp(block.timestamp + 1);
        vm.prank(admin);
        bridge.executeUnpause();
        assertFalse(bridge.paused(), "unpaused");
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bridge.release(r, _signRelease(bridge, r));
    }

    function test_Item10_UnpauseWithoutScheduleReverts() public {
        vm.prank(guardian);
        bridge.pause();
        bytes32 id = bridge.unpauseOperationId();
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeUnpause();
    }

    function test_Item10_UnpauseOnlyByAdmin() public {
        vm.prank(guardian);
        bridge.pause();
        bytes memory denied = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0)
        );
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.scheduleUnpause();
        vm.prank(admin);
        bridge.scheduleUnpause();
        vm.warp(block.timestamp + DELAY);
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.executeUnpause();
    }

    function test_Item10_UnpauseScheduleCannotBeReusedForALaterPause() public {
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bridge.scheduleUnpause();
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeUnpause();
        // Second incident: the old schedule must not allow an immediate unpause.
        vm.prank(guardian);
        bridge.pause();
        bytes32 id = bridge.unpauseOperationId();
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeUnpause();
    }

    function test_Item10_UnpauseCannotBePreScheduled() public {
        vm.prank(admin);
        vm.expectRevert(Pausable.ExpectedPause.selector);
        bridge.scheduleUnpause();
    }

    function test_Item10_GuardianCancelsScheduledUnpause() public {
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bytes32 id = bridge.scheduleUnpause();
        vm.prank(guardian);
        bridge.cancelOperation(id);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeUnpause();
        assertTrue(bridge.paused(), "still paused");
    }

    function test_Item10_RotationOnlyAfterTimelock() public {
        uint256 newPk = 0xB0B5157;
        address newSigner = vm.addr(newPk);
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(newSigner);
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotReady.selector, id, block.timestamp + 1));
        bridge.executeGroupSignerRotation(newSigner);
        assertEq(bridge.groupSigner(), groupSigner, "unchanged before delay");

        vm.warp(block.timestamp + 1);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(newSigner);
        assertEq(bridge.groupSigner(), newSigner, "rotated");

        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory oldSig = _signRelease(bridge, r);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, groupSigner));
        bridge.release(r, oldSig);
        bridge.release(r, _signWith(newPk, _digest(bridge, r)));
    }

    function test_Item10_RotationOnlyByAdmin() public {
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0));
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.scheduleGroupSignerRotation(alice);
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + DELAY);
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.executeGroupSignerRotation(alice);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, bytes32(0))
        );
        bridge.executeGroupSignerRotation(alice);
    }

    function test_Item10_RotationOfAnotherAddressNeedsItsOwnSchedule() public {
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + DELAY);
        bytes32 id = bridge.rotationOperationId(bob);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeGroupSignerRotation(bob);
    }

    function test_Item10_RotationCancelledByGuardian() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotAdminOrGuardian.selector, alice));
        bridge.cancelOperation(id);
        vm.prank(guardian);
        bridge.cancelOperation(id);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeGroupSignerRotation(alice);
        assertEq(bridge.groupSigner(), groupSigner, "not rotated");
    }

    function test_Item10_OperationCannotBeScheduledTwice() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + 1 days);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationAlreadyScheduled.selector, id));
        bridge.scheduleGroupSignerRotation(alice);
    }

    function test_Item10_ExecutedOperationCannotRunAgain() public {
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(alice);
        bytes32 id = bridge.rotationOperationId(alice);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeGroupSignerRotation(alice);
    }

    // ================================================================ helpers

    function _configureCustody(address token, uint8 decimals) internal {
        vm.startPrank(admin);
        bridge.configureToken(token, TokenMode.LOCK_RELEASE, decimals);
        bridge.setTokenCaps(token, type(uint104).max, type(uint120).max);
        bridge.setTokenAllowed(token, true);
        vm.stopPrank();
    }

    function _releaseUsdc(uint256 nonce, uint256 amount) internal {
        Release memory r = _rel(nonce, address(usdc), bob, amount);
        bridge.release(r, _signRelease(bridge, r));
    }

    function _recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        bytes32 rr;
        bytes32 s;
        uint8 v;
        assembly {
            rr := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        return ecrecover(digest, v, rr, s);
    }

    /// The amount of the last Locked event recorded with vm.recordLogs().
    function _lockedAmount() internal returns (uint256 amount) {
        (amount,,) = _lockedFields();
    }

    /// Amount, received and fee of the last Locked event recorded with vm.recordLogs().
    function _lockedFields() internal returns (uint256 amount, uint256 received, uint256 fee) {
        bytes32 topic = keccak256("Locked(uint256,uint256,address,address,address,address,uint256,uint256,uint256)");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics.length > 0 && logs[i - 1].topics[0] == topic) {
                (,,, amount, received, fee) =
                    abi.decode(logs[i - 1].data, (address, address, address, uint256, uint256, uint256));
                return (amount, received, fee);
            }
        }
        revert("no Locked event");
    }
}
