/** The CSV batch of `narcotrace screen order ORDERS.csv`: rows → orders, with the optional columns for the record and the FinCEN rules. */
import { describe, expect, it } from 'vitest';
import { Order } from '../screening/order.js';
import { ordersFromCsv } from './screen.js';

describe('screen order ORDERS.csv', () => {
  it('groups rows by order_id and reads the documented columns', () => {
    const csv = [
      'order_id,date,exporter,exporter_country,customer,customer_country,customer_registration,consignee,consignee_kind,payment,end_use,product,cas,structure,quantity,unit',
      'PO-1,2026-01-10,Exp Co,CN,Cust SA,MX,R-1,,,bank-transfer,pharmaceutical API,4-piperidone,,,5,kg',
      'PO-1,2026-01-10,Exp Co,CN,Cust SA,MX,R-1,,,bank-transfer,pharmaceutical API,ethanol,,,2,L',
    ].join('\n');
    const [o] = ordersFromCsv(csv) as Record<string, unknown>[];
    expect(o).toEqual({ id: 'PO-1', date: '2026-01-10', exporter: { name: 'Exp Co', country: 'CN' }, customer: { name: 'Cust SA', country: 'MX', registration: 'R-1' }, payment: { method: 'bank-transfer' }, endUse: 'pharmaceutical API', lines: [{ name: '4-piperidone', quantity: 5, unit: 'kg' }, { name: 'ethanol', quantity: 2, unit: 'L' }] });
    expect(Order.safeParse(o).success).toBe(true);
  });

  it('reads the optional columns: customer contacts, payment value and wallets, self-stated use, transfer, packaging', () => {
    const csv = [
      'order_id,exporter,exporter_country,customer,customer_country,customer_name_local,customer_address,customer_phone,customer_email,payment,payment_value_usd,payment_wallet_from,payment_wallet_to,self_stated_use,transfer_method,product,quantity,unit,packaging,containers,gross_kg',
      'PO-2,Exp Co,CN,Cust SA,MX,某某公司,"Av. 1, CDMX",+52 55 1234 5678,a@b.mx,crypto,400,bc1qfrom,bc1qto,原料药生产,carrier,NPP,5,kg,5 kg drum,1,5.4',
    ].join('\n');
    const [o] = ordersFromCsv(csv);
    expect(o).toMatchObject({
      customer: { nameLocal: '某某公司', address: 'Av. 1, CDMX', phone: '+52 55 1234 5678', email: 'a@b.mx' },
      payment: { method: 'crypto', valueUsd: 400, walletFrom: 'bc1qfrom', walletTo: 'bc1qto' },
      selfStatedUse: '原料药生产',
      transfer: { method: 'carrier' },
      lines: [{ name: 'NPP', quantity: 5, unit: 'kg', packaging: '5 kg drum', containers: 1, grossKg: 5.4 }],
    });
    expect(Order.safeParse(o).success).toBe(true);
  });

  it('reads the purchaser identification, DEA registration and the signatory (21 CFR 1310.06(a)(5); DEA 486)', () => {
    const head = 'order_id,exporter,exporter_country,customer,customer_country,customer_dea_registration,customer_id_type,customer_id_number,customer_id_issued_by,signatory_name,signatory_position,signatory_date,product,quantity,unit';
    const [o] = ordersFromCsv([head, 'PO-3,Exp Co,CN,Cust Inc,US,RC1234567,uscc,91310000MA1FL0000X,SAMR,Li Wei,Compliance officer,2026-01-12,NPP,5,kg'].join('\n'));
    expect(o).toMatchObject({
      customer: { deaRegistration: 'RC1234567', identification: { type: 'uscc', number: '91310000MA1FL0000X', issuedBy: 'SAMR' } },
      signatory: { name: 'Li Wei', position: 'Compliance officer', date: '2026-01-12' },
    });
    expect(Order.safeParse(o).success).toBe(true);
    // A number without its type is refused by the schema, with the field named, not silently dropped.
    const [bad] = ordersFromCsv([head, 'PO-4,Exp Co,CN,Cust Inc,US,,,91310000MA1FL0000X,,,,,NPP,5,kg'].join('\n'));
    const parsed = Order.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('customer.identification.type');
  });
});
