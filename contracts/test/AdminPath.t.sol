// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {BridgeFixture} from "./BridgeFixture.sol";
import {Bridge} from "../src/Bridge.sol";
import {Release} from "../src/BridgeTypes.sol";

/// @notice Admin-path safety (issue 12): cap changes never widen the rolling window.
contract AdminPathTest is BridgeFixture {
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

    // ================================================================ helpers

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
