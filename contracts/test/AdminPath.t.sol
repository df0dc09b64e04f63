// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {BridgeFixture} from "./BridgeFixture.sol";
import {Bridge} from "../src/Bridge.sol";
import {Release} from "../src/BridgeTypes.sol";
import {BridgeHarness} from "./harness/BridgeHarness.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @notice Admin-path safety (issue 12): cap changes never widen the rolling window; a retired
/// group signer never signs again; rotate-and-unpause is one step; timelock operations report
/// their state (expired and cancelled ones never look pending).
contract AdminPathTest is BridgeFixture {
    uint256 internal constant GRACE = 14 days;
    // The fixture's usdc caps: 1M per transfer, 5M a day (5e12 units > 2**31, so the quantum is > 1).
    uint256 internal constant MAX = 1_000_000e6;
    uint256 internal constant CAP = 5_000_000e6;

    uint256 internal paidOut;

    // ================================================================ item 9: cap changes keep the window

    /// Stopping a token (cap 0) and restoring its cap must not forget what left in the last 24 h.
    function test_Item09_StopThenRestoreKeepsWhatWasReleased() public {
        _useUpUsdcCap();
        vm.startPrank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 0);
        bridge.setTokenCaps(address(usdc), MAX, CAP);
        vm.stopPrank();
        _assertUsdcCapStillUsedUp();
    }

    /// Lowering the cap far (finer quantum) and restoring it must not forget either.
    function test_Item09_LowerThenRestoreKeepsWhatWasReleased() public {
        _useUpUsdcCap();
        vm.startPrank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 1_000e6);
        bridge.setTokenCaps(address(usdc), MAX, CAP);
        vm.stopPrank();
        _assertUsdcCapStillUsedUp();
    }

    /// Stop, then some hours later (other buckets), restore: still counted until 24 h have passed.
    function test_Item09_StopWaitRestoreKeepsWhatWasReleased() public {
        _useUpUsdcCap();
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 0);
        vm.warp(block.timestamp + 20 hours);
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), MAX, CAP);
        _assertUsdcCapStillUsedUp();
    }

    /// Lowering, then raising above the original cap: only the difference may leave.
    function test_Item09_LowerThenRaiseCountsWhatWasReleased() public {
        _useUpUsdcCap();
        vm.startPrank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 1e6);
        bridge.setTokenCaps(address(usdc), 5 * MAX, 2 * CAP);
        vm.stopPrank();
        assertGe(bridge.releasedInWindow(address(usdc)), paidOut, "still counted after lower and raise");
        _releaseUsdc(10, 2 * CAP - paidOut - 1e6); // within the new cap minus what already left
        _assertRollingCapRefuses(_rel(11, address(usdc), bob, 2e6));
    }

    /// A lowered cap and a restore are not a stop forever: the full cap is back after the counted span.
    function test_Item09_RestoredCapFreesAfterTheCountedSpan() public {
        _useUpUsdcCap();
        vm.startPrank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 0);
        bridge.setTokenCaps(address(usdc), MAX, 1_000e6);
        bridge.setTokenCaps(address(usdc), MAX, CAP);
        vm.stopPrank();
        vm.warp(block.timestamp + 28 hours);
        for (uint256 i; i < 4; ++i) {
            _releaseUsdc(20 + i, MAX);
        }
        _releaseUsdc(24, MAX - 2 * _quantum(CAP));
        (,,,, uint256 effective) = bridge.tokenConfig(address(usdc));
        assertEq(effective, CAP - CAP % _quantum(CAP), "the quantum of the restored cap");
    }

    /// A cap lowered while much more is still counted keeps a quantum coarse enough to hold the
    /// counted buckets (the effective cap rounds down to it, never up); the admin's next
    /// setTokenCaps after the counted span gets the fine quantum back.
    function test_Item09_LoweredCapRoundsDownWhileBigAmountsAreCounted() public {
        _useUpUsdcCap();
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 1_000e6 + 1);
        (,,,, uint256 effective) = bridge.tokenConfig(address(usdc));
        assertLe(effective, 1_000e6 + 1, "never above the asked cap");
        assertGe(bridge.releasedInWindow(address(usdc)), paidOut, "still counted");
        assertEq(bridge.availableToRelease(address(usdc)), 0, "nothing fits");
        vm.warp(block.timestamp + 28 hours);
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), MAX, 1_000e6 + 1);
        (,,,, effective) = bridge.tokenConfig(address(usdc));
        assertEq(effective, 1_000e6 + 1, "exact again once nothing is counted");
    }

    /// Random cap changes (stop, lower, restore, raise) at random times between random releases:
    /// at every release, what left in the 24 h ending then (inclusive) is within the cap in force.
    function testFuzz_Item09_CapChangesNeverWidenTheWindow(uint256 seed) public {
        uint256[] memory times = new uint256[](60);
        uint256[] memory amounts = new uint256[](60);
        uint256 n;
        uint256 cap = 5_000_000e18;
        vm.prank(admin);
        bridge.setTokenCaps(address(wrapped), type(uint104).max, cap);
        for (uint256 i; i < 60; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            uint256 action = seed % 4;
            if (action == 0) {
                vm.warp(block.timestamp + (seed >> 8) % 10 hours);
            } else if (action == 1) {
                cap = _someCap(seed >> 8);
                vm.prank(admin);
                bridge.setTokenCaps(address(wrapped), type(uint104).max, cap);
            } else {
                uint256 amount = 1 + ((seed >> 8) % (cap + 1)) / (1 + ((seed >> 200) % 8));
                if (amount > type(uint104).max) amount = type(uint104).max;
                Release memory r = _rel(i + 1, address(wrapped), bob, amount);
                bytes memory sig = _signRelease(bridge, r);
                try bridge.release(r, sig) {
                    times[n] = block.timestamp;
                    amounts[n] = amount;
                    ++n;
                    uint256 inWindow;
                    for (uint256 j; j < n; ++j) {
                        if (times[j] + 24 hours >= block.timestamp) inWindow += amounts[j];
                    }
                    (,,,, uint256 effective) = bridge.tokenConfig(address(wrapped));
                    assertLe(inWindow, effective, "released in the 24 h ending now within the cap in force");
                } catch (bytes memory err) {
                    assertEq(bytes4(err), Bridge.RollingCapExceeded.selector, "only the rolling cap refuses");
                }
            }
        }
    }

    /// A rescale may leave counters anywhere below 2**32: the lane-parallel sum stays exact.
    function testFuzz_Item09_WindowSumExactForFullWidthCounters(uint256 w) public {
        BridgeHarness harness = new BridgeHarness(admin);
        uint256 expected;
        for (uint256 i = 1; i <= 7; ++i) {
            expected += (w >> (32 * i)) & 0xffffffff;
        }
        assertEq(harness.windowSum(w), expected, "lane-parallel sum");
        assertEq(harness.windowSum(type(uint256).max), 7 * uint256(0xffffffff), "all counters full");
    }

    // ================================================================ item 10: retired signers

    function test_Item10_RotatingBackToARetiredSignerReverts() public {
        _rotate(alice);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, groupSigner));
        bridge.scheduleGroupSignerRotation(groupSigner);
        assertTrue(bridge.isRetiredSigner(groupSigner), "the first signer is retired");
        _rotate(bob);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, alice));
        bridge.scheduleGroupSignerRotation(alice);
    }

    function test_Item10_RotationToTheCurrentSignerReverts() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, groupSigner));
        bridge.scheduleGroupSignerRotation(groupSigner);
    }

    /// A release signed by the first key (say, leaked before its rotation) is refused after any
    /// sequence of rotations, plain or with unpause; every attempt to bring back a used key reverts.
    function testFuzz_Item10_RetiredSignaturesNeverReleaseAgain(uint256 seed) public {
        uint256[5] memory pks = [SIGNER_PK, 0xB0B5157, 0xC4A5157, 0xD0D5157, 0xE7E5157];
        bool[5] memory used;
        used[0] = true;
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory leaked = _signRelease(bridge, r);
        uint256 current;
        for (uint256 i; i < 8; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            uint256 k = seed % 5;
            address target = vm.addr(pks[k]);
            bool withUnpause = (seed >> 8) % 2 == 0;
            if (withUnpause) {
                vm.prank(guardian);
                bridge.pause();
            }
            vm.prank(admin);
            if (used[k]) vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, target));
            if (withUnpause) bridge.scheduleRotationAndUnpause(target);
            else bridge.scheduleGroupSignerRotation(target);
            if (!used[k]) {
                vm.warp(block.timestamp + DELAY);
                vm.prank(admin);
                if (withUnpause) bridge.executeRotationAndUnpause(target);
                else bridge.executeGroupSignerRotation(target);
                used[k] = true;
                current = k;
            } else if (withUnpause) {
                _unpauseThroughTimelock();
            }
            assertEq(bridge.groupSigner(), vm.addr(pks[current]), "current signer");
            for (uint256 j; j < 5; ++j) {
                if (used[j] && j != current) assertTrue(bridge.isRetiredSigner(vm.addr(pks[j])), "retired");
            }
            if (current != 0) {
                vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, groupSigner));
                bridge.release(r, leaked);
            }
        }
        bridge.release(r, _signWith(pks[current], _digest(bridge, r)));
    }

    // ================================================================ item 10: rotate and unpause

    /// After a pause for a compromised key: one operation, one transaction. Before it the bridge
    /// is paused with the old key; after it, unpaused with the new key; no block has both
    /// "unpaused" and "old key".
    function test_Item10_RotateAndUnpauseIsOneStep() public {
        uint256 newPk = 0xB0B5157;
        address newSigner = vm.addr(newPk);
        Release memory r = _rel(1, address(usdc), bob, 1e6);
        bytes memory oldSig = _signRelease(bridge, r);
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bytes32 id = bridge.scheduleRotationAndUnpause(newSigner);
        assertEq(id, bridge.rotationAndUnpauseOperationId(newSigner), "id");
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.release(r, oldSig);
        assertTrue(bridge.paused() && bridge.groupSigner() == groupSigner, "paused with the old key");

        vm.prank(admin);
        bridge.executeRotationAndUnpause(newSigner);

        assertTrue(!bridge.paused() && bridge.groupSigner() == newSigner, "unpaused with the new key");
        assertTrue(bridge.isRetiredSigner(groupSigner), "old key retired");
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, groupSigner));
        bridge.release(r, oldSig);
        bridge.release(r, _signWith(newPk, _digest(bridge, r)));
        assertEq(uint256(bridge.operationState(id)), uint256(Bridge.OperationState.EXECUTED), "executed");
    }

    function test_Item10_RotateAndUnpauseFollowsTheTimelock() public {
        vm.prank(admin);
        vm.expectRevert(Pausable.ExpectedPause.selector);
        bridge.scheduleRotationAndUnpause(alice); // only while paused
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerRetired.selector, groupSigner));
        bridge.scheduleRotationAndUnpause(groupSigner);
        vm.prank(admin);
        vm.expectRevert(Bridge.ZeroAddress.selector);
        bridge.scheduleRotationAndUnpause(address(0));
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0));
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.scheduleRotationAndUnpause(alice);

        vm.prank(admin);
        bytes32 id = bridge.scheduleRotationAndUnpause(alice);
        uint256 readyAt = block.timestamp + DELAY;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationAlreadyScheduled.selector, id));
        bridge.scheduleRotationAndUnpause(alice);
        // too early
        vm.warp(readyAt - 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotReady.selector, id, readyAt));
        bridge.executeRotationAndUnpause(alice);
        // admin only
        vm.warp(readyAt);
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.executeRotationAndUnpause(alice);
        // expired
        vm.warp(readyAt + GRACE + 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationExpired.selector, id, readyAt + GRACE));
        bridge.executeRotationAndUnpause(alice);
        // scheduled again, then cancelled by the guardian
        vm.prank(admin);
        bridge.scheduleRotationAndUnpause(alice);
        vm.prank(guardian);
        bridge.cancelOperation(id);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeRotationAndUnpause(alice);
        assertTrue(bridge.paused() && bridge.groupSigner() == groupSigner, "nothing changed");
    }

    /// The schedule belongs to one pause and one signer epoch.
    function test_Item10_RotateAndUnpauseIsVoidAfterAnotherRotationOrALaterPause() public {
        vm.prank(guardian);
        bridge.pause();
        vm.startPrank(admin);
        bridge.scheduleRotationAndUnpause(alice);
        bridge.scheduleGroupSignerRotation(bob);
        vm.warp(block.timestamp + DELAY);
        bridge.executeGroupSignerRotation(bob);
        bytes32 id = bridge.rotationAndUnpauseOperationId(alice);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeRotationAndUnpause(alice);

        bridge.scheduleRotationAndUnpause(alice);
        vm.stopPrank();
        _unpauseThroughTimelock();
        vm.prank(guardian);
        bridge.pause();
        id = bridge.rotationAndUnpauseOperationId(alice);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.executeRotationAndUnpause(alice);
        assertEq(bridge.groupSigner(), bob, "only the plain rotation ran");
    }

    // ================================================================ operation state

    function test_OperationState_FollowsTheLifeCycle() public {
        bytes32 id = bridge.rotationOperationId(alice);
        assertEq(_state(id), Bridge.OperationState.NONE, "never scheduled");
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice);
        uint256 readyAt = block.timestamp + DELAY;
        assertEq(_state(id), Bridge.OperationState.PENDING, "scheduled");
        vm.warp(readyAt - 1);
        assertEq(_state(id), Bridge.OperationState.PENDING, "one second early");
        vm.warp(readyAt);
        assertEq(_state(id), Bridge.OperationState.READY, "ready");
        vm.warp(readyAt + GRACE);
        assertEq(_state(id), Bridge.OperationState.READY, "last second of grace");
        vm.warp(readyAt + GRACE + 1);
        assertEq(_state(id), Bridge.OperationState.EXPIRED, "expired, not pending");
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(alice); // re-scheduling after expiry works
        assertEq(_state(id), Bridge.OperationState.PENDING, "scheduled again");
        assertEq(bridge.operationReadyAt(id), block.timestamp + DELAY, "with a fresh delay");
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(alice);
        assertEq(_state(id), Bridge.OperationState.EXECUTED, "executed");
        assertEq(bridge.operationReadyAt(id), 0, "no longer scheduled");
    }

    /// An expired schedule is cleared by cancelOperation (admin or guardian) and is then CANCELLED.
    function test_OperationState_ExpiredOperationCanBeCancelled() public {
        vm.prank(guardian);
        bridge.pause();
        vm.prank(admin);
        bytes32 id = bridge.scheduleUnpause();
        vm.warp(block.timestamp + DELAY + GRACE + 1);
        assertEq(_state(id), Bridge.OperationState.EXPIRED, "expired");
        vm.expectEmit(true, false, false, false, address(bridge));
        emit Bridge.OperationCancelled(id);
        vm.prank(guardian);
        bridge.cancelOperation(id);
        assertEq(_state(id), Bridge.OperationState.CANCELLED, "cancelled");
        assertEq(bridge.operationReadyAt(id), 0, "cleared");
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.cancelOperation(id);
        // and can be scheduled again
        vm.prank(admin);
        bridge.scheduleUnpause();
        assertEq(_state(id), Bridge.OperationState.PENDING, "scheduled again");
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeUnpause();
        assertEq(_state(id), Bridge.OperationState.EXECUTED, "executed");
    }

    function test_OperationState_CancelledIsNotPending() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleGroupSignerRotation(alice);
        vm.prank(admin);
        bridge.cancelOperation(id);
        assertEq(_state(id), Bridge.OperationState.CANCELLED, "cancelled");
        vm.warp(block.timestamp + DELAY);
        assertEq(_state(id), Bridge.OperationState.CANCELLED, "still cancelled when it would have been ready");
    }

    /// A schedule whose id no longer matches the epochs (another rotation executed, its pause
    /// ended) can never execute: it reports VOID instead of pending or ready, and can be cancelled.
    function test_OperationState_SupersededOperationsAreVoid() public {
        vm.startPrank(admin);
        bytes32 toAlice = bridge.scheduleGroupSignerRotation(alice);
        bytes32 toBob = bridge.scheduleGroupSignerRotation(bob);
        vm.warp(block.timestamp + DELAY);
        assertEq(_state(toBob), Bridge.OperationState.READY, "ready before the other runs");
        bridge.executeGroupSignerRotation(alice);
        vm.stopPrank();
        assertEq(_state(toAlice), Bridge.OperationState.EXECUTED, "executed");
        assertEq(_state(toBob), Bridge.OperationState.VOID, "void once another rotation ran");

        vm.prank(guardian);
        bridge.pause();
        uint256 newPk = 0xC4A5157;
        vm.startPrank(admin);
        bytes32 unpause = bridge.scheduleUnpause();
        bytes32 both = bridge.scheduleRotationAndUnpause(vm.addr(newPk));
        vm.warp(block.timestamp + DELAY);
        assertEq(_state(unpause), Bridge.OperationState.READY, "unpause ready");
        bridge.executeRotationAndUnpause(vm.addr(newPk));
        vm.stopPrank();
        assertEq(_state(both), Bridge.OperationState.EXECUTED, "rotate-and-unpause executed");
        assertEq(_state(unpause), Bridge.OperationState.VOID, "its pause is over");
        vm.prank(guardian);
        bridge.pause();
        assertEq(_state(unpause), Bridge.OperationState.VOID, "a later pause does not revive it");
        vm.prank(guardian);
        bridge.cancelOperation(unpause);
        assertEq(_state(unpause), Bridge.OperationState.CANCELLED, "cleared");
        vm.prank(admin);
        bridge.scheduleRotationAndUnpause(bob);
        _unpauseThroughTimelock();
        assertEq(_state(bridge.unpauseOperationId()), Bridge.OperationState.EXECUTED, "the new pause's unpause");
    }

    // ================================================================ helpers

    function _state(bytes32 id) internal view returns (Bridge.OperationState) {
        return bridge.operationState(id);
    }

    function assertEq(Bridge.OperationState a, Bridge.OperationState b, string memory why) internal pure {
        assertEq(uint256(a), uint256(b), why);
    }

    function _rotate(address to) internal {
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(to);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(to);
    }

    function _unpauseThroughTimelock() internal {
        vm.prank(admin);
        bridge.scheduleUnpause();
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeUnpause();
    }

    function _someCap(uint256 seed) internal pure returns (uint256) {
        uint256 kind = seed % 6;
        if (kind == 0) return 0; // stop
        if (kind == 1) return 1_000e18; // lower, quantum > 1
        if (kind == 2) return 2 ** 31 - 7; // far lower, quantum 1
        if (kind == 3) return 5_000_000e18; // restore
        if (kind == 4) return 50_000_000e18; // raise
        return (seed >> 8) % 2 ** 100; // anything
    }

    function _quantum(uint256 dailyCap) internal pure returns (uint256 q) {
        q = (dailyCap + 2 ** 31 - 1) / 2 ** 31;
        if (q == 0) q = 1;
    }

    /// Releases what the usdc daily cap allows now (4 x 1M and the rest, just under 5M).
    function _useUpUsdcCap() internal {
        for (uint256 i; i < 4; ++i) {
            _releaseUsdc(1 + i, MAX);
        }
        _releaseUsdc(5, bridge.availableToRelease(address(usdc)));
        paidOut = usdc.balanceOf(bob);
        assertGe(paidOut, CAP - 2 * _quantum(CAP), "nearly the whole cap left");
        assertEq(bridge.availableToRelease(address(usdc)), 0, "cap used up");
    }

    function _assertUsdcCapStillUsedUp() internal {
        assertGe(bridge.releasedInWindow(address(usdc)), paidOut, "what left is still counted");
        assertEq(bridge.availableToRelease(address(usdc)), 0, "nothing more fits in the window");
        _assertRollingCapRefuses(_rel(100, address(usdc), bob, MAX));
    }

    function _assertRollingCapRefuses(Release memory r) internal {
        bytes memory sig = _signRelease(bridge, r);
        try bridge.release(r, sig) {
            assertTrue(false, "released over the rolling cap");
        } catch (bytes memory err) {
            assertEq(bytes4(err), Bridge.RollingCapExceeded.selector, "refused by the rolling cap");
        }
    }

    function _releaseUsdc(uint256 nonce, uint256 amount) internal {
        Release memory r = _rel(nonce, address(usdc), bob, amount);
        bridge.release(r, _signRelease(bridge, r));
    }
}
