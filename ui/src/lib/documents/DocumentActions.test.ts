import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { ipcError, routeInvoke } from '../../test/ipc';
import DocumentActions from './DocumentActions.svelte';

const invokeMock = vi.mocked(invoke);
const request = { kind: 'conclusion_summary', summary_id: 4 } as const;

beforeEach(() => {
  invokeMock.mockReset();
  // jsdom has no blob URLs and no modal dialogs.
  URL.createObjectURL = vi.fn(() => 'blob:page');
  URL.revokeObjectURL = vi.fn();
  HTMLDialogElement.prototype.showModal = vi.fn(function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  });
  HTMLDialogElement.prototype.close = vi.fn(function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  });
});

describe('document actions', () => {
  it('previews every page as an image, in a dialog that closes back to the button', async () => {
    routeInvoke(invokeMock, {
      preview_document: (args) => {
        expect(args).toEqual({ clientId: 3, request });
        return { title: 'Conclusion summary: Ann Bell', paper: 'a4', pages: ['<svg/>', '<svg/>'] };
      },
    });
    render(DocumentActions, { clientId: 3, request, what: 'conclusion summary' });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview the conclusion summary' }));
    expect(await screen.findByRole('img', { name: 'Page 1 of 2' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Page 2 of 2' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Conclusion summary: Ann Bell' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('img')).not.toBeInTheDocument());
    expect(URL.revokeObjectURL).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('button', { name: 'Preview the conclusion summary' })).toHaveFocus();
  });

  it('says where the PDF went and that it is not encrypted, and nothing when cancelled', async () => {
    let answer: string | null = null;
    routeInvoke(invokeMock, { save_document_pdf: () => answer });
    render(DocumentActions, { clientId: 3, request, what: 'conclusion summary' });
    const save = screen.getByRole('button', { name: 'Save the conclusion summary as PDF…' });
    await fireEvent.click(save);
    await waitFor(() => expect(save).not.toBeDisabled());
    expect(screen.queryByText(/not encrypted/)).not.toBeInTheDocument();
    answer = '/media/usb/Conclusion summary - Ann Bell - 2026-12-03.pdf';
    await fireEvent.click(save);
    expect(await screen.findByText(/This PDF is not encrypted/)).toBeInTheDocument();
    expect(screen.getByText(answer)).toBeInTheDocument();
  });

  it('shows the core’s refusal as text and lets the practitioner try again', async () => {
    routeInvoke(invokeMock, {
      print_document: () => {
        throw ipcError('conflict', 'A safety plan is not recorded yet for <b>Ann</b>.');
      },
    });
    render(DocumentActions, { clientId: 3, request: { kind: 'safety_plan' }, what: 'safety plan' });
    const print = screen.getByRole('button', { name: 'Print the safety plan…' });
    await fireEvent.click(print);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('A safety plan is not recorded yet for <b>Ann</b>.');
    expect(alert.querySelector('b')).toBeNull();
    expect(print).not.toBeDisabled();
  });

  it('saves a draft before typesetting it', async () => {
    const order: string[] = [];
    routeInvoke(invokeMock, {
      print_document: () => {
        order.push('print');
      },
    });
    const prepare = vi.fn(async () => {
      order.push('save draft');
    });
    render(DocumentActions, { clientId: 3, request, what: 'conclusion summary', draft: true, prepare });
    expect(screen.getByText('A draft prints marked as a draft.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Print the conclusion summary…' }));
    expect(await screen.findByText(/The print window is open/)).toBeInTheDocument();
    expect(order).toEqual(['save draft', 'print']);
  });
});
