// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {BridgeFixture} from "./BridgeFixture.sol";
import {Bridge} from "../src/Bridge.sol";
import {Refund, Release} from "../src/BridgeTypes.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice Stuck deposits (docs/contracts.md, "Stuck deposits"): the destination voids a deposit
/// behind the timelock so it is never released; the source refunds it once, on a group-signed
/// `Refund`. The digests are computed here independently of the contract.
contract StuckDepositsTest is BridgeFixture {
    uint256 internal constant GRACE = 14 days;
    bytes32 internal constant REFUND_TYPE =
        keccak256("Refund(uint256 dstChainId,address dstBridge,uint256 nonce,address token,address to,uint256 amount)");

    // ================================================================ destination: void

    function test_Void_SetsTheReplayBitSoTheDepositIsNeverReleased() public {
        Release memory r = _rel(5, address(usdc), bob, 7e6);
        bytes memory sig = _signRelease(bridge, r);
        _void(5);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "voided deposit reads as released");
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(r)));
        bridge.release(r, sig);
        assertEq(usdc.balanceOf(bob), 0, "nothing paid");
    }

    function test_Void_EmitsDepositVoided() public {
        vm.prank(admin);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.warp(block.timestamp + DELAY);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.DepositVoided(_depositId(_rel(5, address(0), address(0), 0)), REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.prank(admin);
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
    }

    /// Whether releaseBatch reverts on a voided entry or skips it, the voided entry is never paid.
    function test_Void_VoidedDepositIsNeverPaidByABatch() public {
        _void(5);
        Release[] memory rs = new Release[](2);
        rs[0] = _rel(4, address(usdc), alice, 1e6);
        rs[1] = _rel(5, address(usdc), bob, 7e6);
        bytes memory sig = _signBatch(bridge, rs);
        try bridge.releaseBatch(rs, sig) {} catch {}
        assertEq(usdc.balanceOf(bob), 0, "the voided entry was not paid");
        Release[] memory only = new Release[](1);
        only[0] = rs[1];
        bytes memory onlySig = _signBatch(bridge, only);
        try bridge.releaseBatch(only, onlySig) {} catch {}
        assertEq(usdc.balanceOf(bob), 0, "a batch of only the voided entry pays nothing");
    }

    function test_Void_TouchesOnlyThatDeposit() public {
        _void(5);
        _releaseUsdc(4, 1e6);
        _releaseUsdc(6, 1e6);
        vm.prank(admin);
        bridge.setTrustedSource(REMOTE_CHAIN + 1, REMOTE_BRIDGE, true);
        Release memory other = _rel(5, address(usdc), bob, 1e6);
        other.srcChainId = REMOTE_CHAIN + 1;
        bridge.release(other, _signRelease(bridge, other));
        assertEq(usdc.balanceOf(bob), 3e6, "neighbours and the same nonce of another source pay");
    }

    function test_Void_AlreadyReleasedDepositCannotBeScheduled() public {
        _releaseUsdc(5, 1e6);
        bytes32 id = _depositId(_rel(5, address(0), address(0), 0));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyReleased.selector, id));
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
    }

    /// A release and a void racing for one deposit: the release lands first, the void then fails.
    function test_Void_ReleasedBeforeExecutionReverts() public {
        vm.prank(admin);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        _releaseUsdc(5, 1e6);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(_rel(5, address(0), address(0), 0)))
        );
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertEq(usdc.balanceOf(bob), 1e6, "paid once, by the release");
    }

    function test_Void_TwiceReverts() public {
        _void(5);
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(Bridge.AlreadyReleased.selector, _depositId(_rel(5, address(0), address(0), 0)))
        );
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
    }

    function test_Void_NonceZeroReverts() public {
        vm.prank(admin);
        vm.expectRevert(Bridge.InvalidNonce.selector);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 0);
    }

    function test_Void_OnlyAfterTheTimelock() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertEq(id, bridge.voidOperationId(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "id");
        assertEq(bridge.operationReadyAt(id), block.timestamp + DELAY, "ready after the delay");
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotReady.selector, id, block.timestamp + 1));
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "not voided early");
        vm.warp(block.timestamp + 1);
        vm.prank(admin);
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "voided");
    }

    function test_Void_WithoutScheduleReverts() public {
        bytes32 id = bridge.voidOperationId(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
    }

    /// The operation id binds source chain, source bridge and nonce: a schedule voids only its deposit.
    function test_Void_ScheduleCoversOnlyItsDeposit() public {
        vm.prank(admin);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.warp(block.timestamp + DELAY);
        vm.startPrank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                Bridge.OperationNotScheduled.selector, bridge.voidOperationId(REMOTE_CHAIN, REMOTE_BRIDGE, 6)
            )
        );
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 6);
        vm.expectRevert(
            abi.encodeWithSelector(
                Bridge.OperationNotScheduled.selector, bridge.voidOperationId(REMOTE_CHAIN + 1, REMOTE_BRIDGE, 5)
            )
        );
        bridge.voidDeposit(REMOTE_CHAIN + 1, REMOTE_BRIDGE, 5);
        vm.expectRevert(
            abi.encodeWithSelector(
                Bridge.OperationNotScheduled.selector, bridge.voidOperationId(REMOTE_CHAIN, address(0xBEEF), 5)
            )
        );
        bridge.voidDeposit(REMOTE_CHAIN, address(0xBEEF), 5);
        vm.stopPrank();
        assertTrue(
            bridge.voidOperationId(REMOTE_CHAIN, REMOTE_BRIDGE, 5) != bridge.rotationOperationId(REMOTE_BRIDGE),
            "own kind"
        );
    }

    function test_Void_OnlyByAdmin() public {
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0));
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.prank(admin);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.warp(block.timestamp + DELAY);
        vm.prank(guardian);
        vm.expectRevert(denied);
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, bytes32(0))
        );
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "not voided");
    }

    function test_Void_ExpiredScheduleReverts() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        uint256 readyAt = block.timestamp + DELAY;
        vm.warp(readyAt + GRACE + 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationExpired.selector, id, readyAt + GRACE));
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        assertFalse(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "not voided");
    }

    function test_Void_GuardianCancels() public {
        vm.prank(admin);
        bytes32 id = bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
        vm.prank(guardian);
        bridge.cancelOperation(id);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Bridge.OperationNotScheduled.selector, id));
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, 5);
    }

    /// Voiding pays nothing, so it stays available during an incident.
    function test_Void_WorksWhilePaused() public {
        vm.prank(guardian);
        bridge.pause();
        _void(5);
        assertTrue(bridge.isReleased(REMOTE_CHAIN, REMOTE_BRIDGE, 5), "voided while paused");
    }

    // ================================================================ source: refund

    function test_Refund_LockModePaysBackFromCustody() public {
        uint256 nonce = _lockUsdc(100e6);
        uint256 custody = usdc.balanceOf(address(bridge));
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit Bridge.Refunded(nonce, address(usdc), alice, 100e6, REMOTE_CHAIN);
        bridge.refund(f, _signRefund(f));
        assertEq(usdc.balanceOf(alice), 100e6, "sender paid back");
        assertEq(usdc.balanceOf(address(bridge)), custody - 100e6, "out of custody");
        assertTrue(bridge.isRefunded(nonce), "marked refunded");
    }

    function test_Refund_BurnMintMintsBack() public {
        vm.prank(address(bridge));
        wrapped.mint(alice, 5e18);
        vm.prank(alice);
        wrapped.approve(address(bridge), 5e18);
        vm.prank(alice);
        uint256 nonce = bridge.lock(address(wrapped), 5e18, REMOTE_CHAIN, bob);
        assertEq(wrapped.totalSupply(), 0, "lock burned");
        Refund memory f = _refund(nonce, address(wrapped), alice, 5e18);
        bridge.refund(f, _signRefund(f));
        assertEq(wrapped.balanceOf(alice), 5e18, "minted back to the sender");
        assertEq(wrapped.totalSupply(), 5e18, "supply as before the lock");
        assertEq(wrapped.balanceOf(address(bridge)), 0, "bridge holds none");
    }

    function test_Refund_OnlyOnce() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory sig = _signRefund(f);
        bridge.refund(f, sig);
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyRefunded.selector, nonce));
        bridge.refund(f, sig);
        // Another signed payload for the same nonce is refused too: the bitmap is per nonce.
        Refund memory g = _refund(nonce, address(usdc), bob, 1e6);
        bytes memory gSig = _signRefund(g);
        vm.expectRevert(abi.encodeWithSelector(Bridge.AlreadyRefunded.selector, nonce));
        bridge.refund(g, gSig);
        assertEq(usdc.balanceOf(alice) + usdc.balanceOf(bob), 100e6, "paid once");
    }

    function test_Refund_NeighbourNoncesAreSeparate() public {
        _lockUsdc(1e6);
        _lockUsdc(2e6);
        Refund memory f = _refund(2, address(usdc), alice, 2e6);
        bridge.refund(f, _signRefund(f));
        assertFalse(bridge.isRefunded(1), "nonce 1 untouched");
        f = _refund(1, address(usdc), alice, 1e6);
        bridge.refund(f, _signRefund(f));
        assertEq(usdc.balanceOf(alice), 3e6, "both refunded");
    }

    function test_Refund_NonceNeverLockedReverts() public {
        _lockUsdc(1e6);
        Refund memory f = _refund(2, address(usdc), alice, 1e6);
        bytes memory sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotLocked.selector, 2));
        bridge.refund(f, sig);
        f.nonce = 0;
        sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.NotLocked.selector, 0));
        bridge.refund(f, sig);
    }

    function test_Refund_BadSignatureReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory sig = _signRefund(f);
        bytes memory short = new bytes(64);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureLength.selector, 64));
        bridge.refund(f, short);
        // High-s twin of a valid signature.
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(SIGNER_PK, _refundDigest(bridge, f));
        bytes32 highS = bytes32(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141 - uint256(s));
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidSignatureS.selector, highS));
        bridge.refund(f, abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27)));
        // A signature over another amount does not pay this one.
        Refund memory more = _refund(nonce, address(usdc), alice, 200e6);
        assertEq(_refundError(more, sig), Bridge.SignerMismatch.selector, "altered amount");
        assertFalse(bridge.isRefunded(nonce), "nothing refunded");
        assertEq(usdc.balanceOf(alice), 0, "nothing paid");
    }

    function test_Refund_AnotherKeyReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        uint256 otherPk = 0xBAD5157;
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, vm.addr(otherPk)));
        bridge.refund(f, _signWith(otherPk, _refundDigest(bridge, f)));
    }

    function test_Refund_RetiredSignerReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory oldSig = _signRefund(f);
        uint256 newPk = 0xB0B5157;
        vm.prank(admin);
        bridge.scheduleGroupSignerRotation(vm.addr(newPk));
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeGroupSignerRotation(vm.addr(newPk));
        vm.expectRevert(abi.encodeWithSelector(Bridge.SignerMismatch.selector, groupSigner));
        bridge.refund(f, oldSig);
        bridge.refund(f, _signWith(newPk, _refundDigest(bridge, f)));
        assertEq(usdc.balanceOf(alice), 100e6, "the current signer's refund pays");
    }

    function test_Refund_WrongDomainReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory otherChain = _sign(_digestFor(block.chainid + 1, address(bridge), _refundStructHash(f)));
        assertEq(_refundError(f, otherChain), Bridge.SignerMismatch.selector, "another chain id");
        bytes memory otherContract = _sign(_digestFor(block.chainid, REMOTE_BRIDGE, _refundStructHash(f)));
        assertEq(_refundError(f, otherContract), Bridge.SignerMismatch.selector, "another verifying contract");
        assertFalse(bridge.isRefunded(nonce), "nothing refunded");
    }

    /// A Release signature over the same six words is no Refund signature: the type hash differs.
    function test_Refund_ReleaseSignatureIsNoRefund() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        Release memory asRelease = Release({
            srcChainId: f.dstChainId,
            srcBridge: f.dstBridge,
            nonce: f.nonce,
            token: f.token,
            recipient: f.to,
            amount: f.amount
        });
        bytes memory sig = _signRelease(bridge, asRelease);
        assertEq(_refundError(f, sig), Bridge.SignerMismatch.selector, "release type hash");
    }

    function test_Refund_DestinationMustBeATrustedPeer() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        f.dstBridge = address(0xBEEF);
        bytes memory sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.UntrustedSource.selector, REMOTE_CHAIN, address(0xBEEF)));
        bridge.refund(f, sig);
    }

    function test_Refund_RecipientZeroOrBridgeReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), address(0), 100e6);
        bytes memory sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidRecipient.selector, address(0)));
        bridge.refund(f, sig);
        f.to = address(bridge);
        sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.InvalidRecipient.selector, address(bridge)));
        bridge.refund(f, sig);
    }

    function test_Refund_UnconfiguredTokenOrZeroAmountReverts() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(0x70CE), alice, 100e6);
        bytes memory sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.TokenNotConfigured.selector, address(0x70CE)));
        bridge.refund(f, sig);
        f = _refund(nonce, address(usdc), alice, 0);
        sig = _signRefund(f);
        vm.expectRevert(Bridge.ZeroAmount.selector);
        bridge.refund(f, sig);
    }

    function test_Refund_CountsAgainstTheCaps() public {
        uint256 nonce = _lockUsdc(100e6);
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 50e6, 500e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory sig = _signRefund(f);
        vm.expectRevert(abi.encodeWithSelector(Bridge.CapExceeded.selector, address(usdc), 100e6, 50e6));
        bridge.refund(f, sig);
        vm.prank(admin);
        bridge.setTokenCaps(address(usdc), 1_000e6, 150e6);
        _releaseUsdc(1, 100e6);
        vm.expectRevert(abi.encodeWithSelector(Bridge.RollingCapExceeded.selector, address(usdc), 100e6, 50e6));
        bridge.refund(f, sig);
        vm.warp(block.timestamp + 30 hours);
        bridge.refund(f, sig);
        assertEq(bridge.releasedInWindow(address(usdc)), 100e6, "the refund is counted in the window");
    }

    function test_Refund_PauseStopsRefunds() public {
        uint256 nonce = _lockUsdc(100e6);
        Refund memory f = _refund(nonce, address(usdc), alice, 100e6);
        bytes memory sig = _signRefund(f);
        vm.prank(guardian);
        bridge.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.refund(f, sig);
        vm.prank(admin);
        bridge.scheduleUnpause();
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.executeUnpause();
        bridge.refund(f, sig);
        assertEq(usdc.balanceOf(alice), 100e6, "refunded after unpause");
    }

    function test_HashRefund_IsTheEip712Digest() public view {
        Refund memory f = _refund(3, address(usdc), alice, 100e6);
        assertEq(bridge.hashRefund(f), _refundDigest(bridge, f), "digest");
        assertEq(bridge.REFUND_TYPEHASH(), REFUND_TYPE, "type hash");
        assertEq(
            bridge.REFUND_TYPEHASH(),
            vm.eip712HashType(
                "Refund(uint256 dstChainId,address dstBridge,uint256 nonce,address token,address to,uint256 amount)"
            ),
            "type hash per forge's EIP-712 encoder"
        );
    }

    function testFuzz_HashRefund_AnyFieldChangesTheDigest(uint8 field, uint256 delta) public view {
        delta = _bound(delta, 1, type(uint160).max);
        Refund memory f = _refund(3, address(usdc), alice, 100e6);
        bytes32 base = bridge.hashRefund(f);
        field = field % 6;
        if (field == 0) f.dstChainId += delta;
        else if (field == 1) f.dstBridge = address(uint160(f.dstBridge) ^ uint160(delta));
        else if (field == 2) f.nonce += delta;
        else if (field == 3) f.token = address(uint160(f.token) ^ uint160(delta));
        else if (field == 4) f.to = address(uint160(f.to) ^ uint160(delta));
        else f.amount += delta;
        assertTrue(bridge.hashRefund(f) != base, "every field is signed");
        assertEq(bridge.hashRefund(f), _refundDigest(bridge, f), "still the independent digest");
    }

    // ================================================================ helpers

    function _void(uint256 nonce) internal {
        vm.prank(admin);
        bridge.scheduleVoidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, nonce);
        vm.warp(block.timestamp + DELAY);
        vm.prank(admin);
        bridge.voidDeposit(REMOTE_CHAIN, REMOTE_BRIDGE, nonce);
    }

    function _releaseUsdc(uint256 nonce, uint256 amount) internal {
        Release memory r = _rel(nonce, address(usdc), bob, amount);
        bridge.release(r, _signRelease(bridge, r));
    }

    function _lockUsdc(uint256 amount) internal returns (uint256 nonce) {
        _fundAndApprove(alice, usdc, amount, address(bridge));
        vm.prank(alice);
        nonce = bridge.lock(address(usdc), amount, REMOTE_CHAIN, bob);
    }

    function _refund(uint256 nonce, address token, address to, uint256 amount) internal pure returns (Refund memory) {
        return Refund({
            dstChainId: REMOTE_CHAIN, dstBridge: REMOTE_BRIDGE, nonce: nonce, token: token, to: to, amount: amount
        });
    }

    /// The selector `refund` reverts with (the recovered address of a wrong signature is arbitrary).
    function _refundError(Refund memory f, bytes memory sig) internal returns (bytes4) {
        (bool ok, bytes memory err) = address(bridge).call(abi.encodeCall(Bridge.refund, (f, sig)));
        assertFalse(ok, "refund must revert");
        return bytes4(err);
    }

    function _refundStructHash(Refund memory f) internal pure returns (bytes32) {
        return keccak256(abi.encode(REFUND_TYPE, f.dstChainId, f.dstBridge, f.nonce, f.token, f.to, f.amount));
    }

    function _refundDigest(Bridge b, Refund memory f) internal view returns (bytes32) {
        return _digestFor(block.chainid, address(b), _refundStructHash(f));
    }

    function _signRefund(Refund memory f) internal view returns (bytes memory) {
        return _sign(_refundDigest(bridge, f));
    }
}
