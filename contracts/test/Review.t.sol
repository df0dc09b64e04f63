// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {BridgeFixture} from "./BridgeFixture.sol";
import {Bridge} from "../src/Bridge.sol";
import {Release} from "../src/BridgeTypes.sol";
import {BridgeHarness} from "./harness/BridgeHarness.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @notice Tests written during the adversarial review (docs/contracts.md, "Review"): one group per
/// finding (`test_Review_Fn_…`), then the areas that were attacked and found sound
/// (`test_Review_Sound_…`), so every claim in the review has a test that would catch a regression.
contract ReviewTest is BridgeFixture {
    uint256 internal constant GRACE = 14 days;
    bytes4 internal constant OPERATION_EXPIRED = bytes4(keccak256("OperationExpired(bytes32,uint256)"));

    BridgeHarness internal harness;

    function setUp() public override {
        super.setUp();
        harness = new BridgeHarness(admin);
    }

    // ================================================================ F1: stale timelock schedules

    /// Two rotations scheduled side by side: once one runs, the other (made for the old signer)
    /// must not be executable without a fresh schedule and a fresh delay.
    function test_Review_F1_PendingRotationDiesWhenAnotherRotationExecutes() public {
        vm.startPrank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        bridge.scheduleGroupSignerRotation(bob);
        vm.warp(block.timestamp + DELAY);
        bridge.executeGroupSignerRotation(alice);
        bytes32 bobId = bridge.rotationOperationId(bob);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, bobId));
        bridge.executeGroupSignerRotation(bob);
        vm.stopPrank();
        assertEq(bridge.groupSigner(), alice, "the executed rotation stands");
    }

    /// Rotating away and back must not revive a schedule made before: A->B and A->C scheduled, C
    /// executed; rotating back C->A is refused outright (A is retired, issue 12), and the old A->B
    /// stays void under C.
    function test_Review_F1_RotatingBackDoesNotReviveAnOldSchedule() public {
        vm.startPrank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        bridge.scheduleGroupSignerRotation(bob);
        vm.warp(block.timestamp + DELAY);
        bridge.executeGroupSignerRotation(bob);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, groupSigner));
        bridge.scheduleGroupSignerRotation(groupSigner);
        bytes32 aliceId = bridge.rotationOperationId(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, aliceId));
        bridge.executeGroupSignerRotation(alice);
        vm.stopPrank();
        assertEq(bridge.groupSigner(), bob, "the executed rotation stands");
    }

    /// A rotation scheduled and then left alone does not stay executable forever.
    function test_Review_F1_RotationScheduleExpiresAfterGracePeriod() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(alice);
        uint256 readyAt = block.timestamp + DELAY;
        vm.warp(readyAt + GRACE + 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(OPERATION_EXPIRED, id, readyAt + GRACE));
        bridge.executeGroupSignerRotation(alice);
        assertEq(bridge.groupSigner(), groupSigner, "not rotated");
    }

    function test_Review_F1_RotationStillExecutesOnTheLastDayOfGrace() public {
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + DELAY + GRACE);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(alice);
        assertEq(bridge.groupSigner(), alice, "rotated at the end of the grace period");
    }

    function test_Review_F1_UnpauseScheduleExpiresAfterGracePeriod() public {
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bytes32 id = bridge.scheduleUnpause();
        uint256 readyAt = block.timestamp + DELAY;
        vm.warp(readyAt + GRACE + 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(OPERATION_EXPIRED, id, readyAt + GRACE));
        bridge.executeUnpause();
        assertTrue(bridge.paused(), "still paused");
    }

    /// An expired schedule does not block scheduling the same operation again (with a new delay).
    function test_Review_F1_ExpiredScheduleCanBeRescheduled() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(alice);
        vm.warp(block.timestamp + DELAY + GRACE + 1);
        vm.prank(admin);
        assertEq(bridge.scheduleGroupSignerRotation(alice), id, "same id");
        assertEq(bridge.operationReadyAt(id), block.timestamp + DELAY, "fresh delay");
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotReady.selector, id, block.timestamp + DELAY));
        bridge.executeGroupSignerRotation(alice);
    }

    // ================================================================ sound: EIP-712 encoding

    /// forge's own EIP-712 encoder (typed-data JSON, independent of this contract and the
    /// fixture) gives the same digests for a single release and a batch of three.
    function test_Review_Sound_DigestsMatchForgeTypedDataEncoder() public view {
        Release[] memory rs = new Release[](3);
        rs[0] = _rel(7, address(usdc), alice, 123_456);
        rs[1] = _rel(type(uint256).max, address(wrapped), bob, type(uint256).max);
        rs[2] = Release({
            srcChainId: type(uint256).max,
            srcBridge: address(type(uint160).max),
            nonce: 1,
            token: address(dai),
            recipient: address(1),
            amount: 1
        });
        string memory domain = string.concat(
            '"domain":{"name":"Bridge","version":"1","chainId":"',
            vm.toString(block.chainid),
            '","verifyingContract":"',
            vm.toString(address(bridge)),
            '"}'
        );
        string memory types = string.concat(
            '"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},',
            '{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],',
            '"Release":[{"name":"srcChainId","type":"uint256"},{"name":"srcBridge","type":"address"},',
            '{"name":"nonce","type":"uint256"},{"name":"token","type":"address"},',
            '{"name":"recipient","type":"address"},{"name":"amount","type":"uint256"}],',
            '"ReleaseBatch":[{"name":"releases","type":"Release[]"}]}'
        );
        string memory single =
            string.concat("{", types, ',"primaryType":"Release",', domain, ',"message":', _json(rs[1]), "}");
        assertEq(bridge.hashRelease(rs[1]), vm.eip712HashTypedData(single), "single digest per forge");

        string memory batch = string.concat(
            "{",
            types,
            ',"primaryType":"ReleaseBatch",',
            domain,
            ',"message":{"releases":[',
            _json(rs[0]),
            ",",
            _json(rs[1]),
            ",",
            _json(rs[2]),
            "]}}"
        );
        assertEq(bridge.hashReleaseBatch(rs), vm.eip712HashTypedData(batch), "batch digest per forge");
        assertEq(
            bridge.RELEASE_BATCH_TYPEHASH(),
            vm.eip712HashType(
                "ReleaseBatch(Release[] releases)Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)"
            ),
            "batch type hash per forge"
        );
    }

    /// The calldata/scratch-memory struct hash equals keccak256(abi.encode(...)) for any field
    /// values, and leaves memory allocated before it untouched.
    function testFuzz_Review_Sound_StructHashMatchesAbiEncodeAndKeepsMemory(
        uint256 srcChainId,
        address srcBridge,
        uint256 nonce,
        address token,
        address recipient,
        uint256 amount
    ) public view {
        Release memory r = Release(srcChainId, srcBridge, nonce, token, recipient, amount);
        (bytes32 h, bool intact) = harness.structHashChecked(r);
        assertEq(h, _structHash(r), "struct hash = keccak256(abi.encode(typehash, fields))");
        assertTrue(intact, "memory allocated before the hash is intact");
        assertEq(bridge.hashRelease(r), _digest(bridge, r), "digest");
        assertEq(
            bridge.depositIdOf(srcChainId, srcBridge, nonce),
            keccak256(abi.encode(srcChainId, srcBridge, nonce)),
            "depositId = keccak256(abi.encode(...))"
        );
    }

    /// Batch digest for fuzzed lengths and fields (elements read at rs.offset + i * 0xc0).
    function testFuzz_Review_Sound_BatchHashMatchesAbiEncode(uint256 seed, uint8 len) public view {
        uint256 n = _bound(len, 0, 60);
        Release[] memory rs = new Release[](n);
        for (uint256 i; i < n; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            rs[i] = Release(
                seed, address(uint160(seed >> 7)), seed >> 3, address(uint160(seed >> 11)), address(uint160(seed >> 13)), seed >> 17
            );
        }
        assertEq(bridge.hashReleaseBatch(rs), _batchDigest(bridge, rs), "batch digest");
    }

    // ================================================================ sound: batch vs single

    function test_Review_Sound_BatchOfOneSignatureIsNotASingleSignature() public {
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        Release[] memory rs = new Release[](1);
        rs[0] = r;
        bytes memory batchSig = _signBatch(bridge, rs);
        (bool ok,) = address(bridge).call(abi.encodeCall(Bridge.release, (r, batchSig)));
        assertFalse(ok, "batch signature refused as a single");
        bytes memory singleSig = _signRelease(bridge, r);
        (ok,) = address(bridge).call(abi.encodeCall(Bridge.releaseBatch, (rs, singleSig)));
        assertFalse(ok, "single signature refused as a batch");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 1), "nothing released");
        bridge.release(r, singleSig);
        vm.expectRevert(Bridge.BatchAlreadyReleased.selector);
        bridge.releaseBatch(rs, batchSig);
        assertEq(usdc.balanceOf(bob), 1e6, "paid once");
    }

    /// The same deposit twice in one batch with different payloads (other recipient, amount):
    /// the second entry hits the replay bit set by the first and is skipped; the deposit is paid
    /// once, as the first entry says (as if the second had been a later single release).
    function test_Review_Sound_SameDepositTwiceInBatchWithDifferentPayloadPaysOnce() public {
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(5, address(usdc), bob, 1e6);
        rs[1] = _rel(5, address(dai), alice, 7e18);
        bytes memory sig = _signBatch(bridge, rs);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.ReleaseSkipped(_depositId(rs[1]));
        bridge.releaseBatch(rs, sig);
        assertEq(usdc.balanceOf(bob), 1e6, "first payload paid");
        assertEq(dai.balanceOf(alice), 0, "second payload not paid");
    }

    /// A dirty high bit in an address word of a batch entry is refused by the ABI decoder even
    /// if the group had signed that exact (non-canonical) encoding.
    function test_Review_Sound_DirtyAddressBitsInBatchEntryRevert() public {
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(1, address(usdc), bob, 1e6);
        rs[1] = _rel(2, address(usdc), bob, 1e6);
        bytes32 dirtyToken = bytes32(uint256(uint160(address(usdc))) | (uint256(0xff) << 160));
        bytes32 h0 = _structHash(rs[0]);
        bytes32 h1 = keccak256(
            abi.encode(RELEASE_TYPE, rs[1].srcChainId, rs[1].srcBridge, rs[1].nonce, dirtyToken, rs[1].recipient, rs[1].amount)
        );
        bytes32 digest =
            _digestFor(block.chainid, address(bridge), keccak256(abi.encode(BATCH_TYPE, keccak256(abi.encodePacked(h0, h1)))));
        bytes memory data = abi.encodeCall(Bridge.releaseBatch, (rs, _sign(digest)));
        // selector, head (offset rs, offset sig), length, entry 0 (6 words), entry 1 word 3 = token
        uint256 pos = 4 + 32 * 3 + 32 * 6 + 32 * 3;
        assembly {
            mstore(add(add(data, 0x20), pos), dirtyToken)
        }
        (bool ok, bytes memory ret) = address(bridge).call(data);
        assertFalse(ok, "refused");
        assertEq(ret.length, 0, "by the ABI decoder");
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 1), "first entry rolled back");
    }

    // ================================================================ sound: prewarm

    /// Whatever range anyone prewarms, no nonce reads as released and every nonce still
    /// releases exactly once afterwards.
    function testFuzz_Review_Sound_PrewarmNeverMarksOrBlocksANonce(uint256 from, uint256 span, uint256 probe) public {
        from = _bound(from, 0, type(uint256).max - 64 * 255);
        span = _bound(span, 0, 63 * 255);
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, from, from + span);
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, from, from + span); // idempotent
        uint256 n = from + (probe % (span + 1));
        if (n == 0) n = 1;
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, n), "not marked");
        Release memory r = _rel(n, address(usdc), bob, 1e6);
        bytes memory sig = _signRelease(bridge, r);
        bridge.release(r, sig);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, n), "released");
        bridge.prewarmReplayWords(REMOTE_CHAIN, REMOTE_BRIDGE, from, from + span);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, n), "prewarm does not clear a bit");
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(r)));
        bridge.release(r, sig);
    }

    // ================================================================ sound: cap quanta and packing

    /// Caps far above 2**31 (quantum > 1) and amounts that are not multiples of the quantum:
    /// what is paid inside one counted span never exceeds the cap the admin asked for.
    function testFuzz_Review_Sound_QuantizedCapIsNeverExceeded(uint256 capSeed, uint256 seed) public {
        uint256 cap = _bound(capSeed, 2 ** 31 + 1, type(uint120).max);
        vm.prank(admin);
        bridge.setTokenCaps(address(wrapped), type(uint104).max, cap);
        (,,,, uint256 effective) = bridge.tokenConfig(address(wrapped));
        assertLe(effective, cap, "effective cap never above the asked cap");
        uint256 paid;
        for (uint256 i; i < 30; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            uint256 limit = cap < type(uint104).max ? cap : type(uint104).max;
            uint256 amount = 1 + (seed % limit) / (1 + (seed >> 250)); // mixes large and small
            Release memory r = _rel(i + 1, address(wrapped), bob, amount);
            bytes memory sig = _signRelease(bridge, r);
            try bridge.release(r, sig) {
                paid += amount;
            } catch (bytes memory err) {
                assertEq(bytes4(err), Bridge.RollingCapExceeded.selector, "only the rolling cap refuses");
            }
            assertLe(paid, cap, "paid within the cap");
            assertLe(paid, bridge.releasedInWindow(address(wrapped)), "counted at least what was paid");
        }
    }

    function test_Review_Sound_CapsAtThePackingLimits() public {
        vm.startPrank(admin);
        bridge.setTokenCaps(address(wrapped), type(uint104).max, type(uint120).max);
        vm.expectRevert(Bridge.CapTooLarge.selector);
        bridge.setTokenCaps(address(wrapped), uint256(type(uint104).max) + 1, 1);
        vm.expectRevert(Bridge.CapTooLarge.selector);
        bridge.setTokenCaps(address(wrapped), 1, uint256(type(uint120).max) + 1);
        vm.stopPrank();
        // A release of the largest per-transfer amount is counted in whole quanta.
        Release memory r = _rel(1, address(wrapped), bob, type(uint104).max);
        bridge.release(r, _signRelease(bridge, r));
        assertGe(bridge.releasedInWindow(address(wrapped)), type(uint104).max, "counted");
    }

    // ================================================================ sound: roles

    /// The guardian can pause and cancel, nothing else: no configuration, no unpause, no
    /// rotation, no role grants.
    function test_Review_Sound_GuardianHasNoAdminPowers() public {
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0));
        vm.startPrank(guardian);
        vm.expectRevert(denied);
        bridge.setTrustedSource(1, address(1), true);
        vm.expectRevert(denied);
        bridge.setTokenCaps(address(usdc), 1, 1);
        vm.expectRevert(denied);
        bridge.setFee(1);
        vm.expectRevert(denied);
        bridge.scheduleGroupSignerRotation(guardian);
        bytes32 guardianRole = bridge.GUARDIAN_ROLE();
        vm.expectRevert(denied);
        bridge.grantRole(guardianRole, alice);
        vm.stopPrank();
    }

    // ================================================================ helpers

    function _json(Release memory r) internal pure returns (string memory) {
        return string.concat(
            '{"srcChainId":"',
            vm.toString(r.srcChainId),
            '","srcBridge":"',
            vm.toString(r.srcBridge),
            '","nonce":"',
            vm.toString(r.nonce),
            '","token":"',
            vm.toString(r.token),
            '","recipient":"',
            vm.toString(r.recipient),
            '","amount":"',
            vm.toString(r.amount),
            '"}'
        );
    }
}
